package io.dbbasic.common.storage;

import java.sql.SQLException;

/** A database failure that no caller can fix by changing its input: a bug, a full disk, a broken file. */
public final class StorageException extends RuntimeException {
    public StorageException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
