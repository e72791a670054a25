package io.dbbasic.common.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Files only the account that runs DBBasic may read: the signing key, the shared auth state, the initial
 * admin password. Written to a private temporary file first and then linked or moved into place, so a
 * reader (another service starting at the same moment) never sees a half-written file, and the mode is
 * 600 from the first byte.
 */
public final class SecretFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private SecretFiles() {}

    /** {@code dataDir/secrets}, created with mode 700 when missing. */
    public static Path secretsDir(Path dataDir) {
        var dir = dataDir.resolve("secrets");
        try {
            Files.createDirectories(dataDir);
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectory(dir);
                } catch (FileAlreadyExistsException e) {
                    // another service made it first
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * Writes {@code content} to {@code file} unless it exists. Returns true when this call created it.
     * Two processes racing both write a temporary file, and exactly one hard link wins.
     */
    public static boolean createIfAbsent(Path file, byte[] content) {
        if (Files.exists(file)) {
            return false;
        }
        var temp = temporary(file, content);
        try {
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            // no hard links on this file system: a move that refuses to replace does the same job
            try {
                Files.move(temp, file);
                return true;
            } catch (FileAlreadyExistsException exists) {
                return false;
            } catch (IOException moveFailed) {
                throw new UncheckedIOException("cannot write " + file, moveFailed);
            }
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Replaces {@code file} with {@code content} atomically (readers see the old or the new file, whole). */
    public static void replace(Path file, byte[] content) {
        var temp = temporary(file, content);
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Whether only the owner may read and write {@code file} (true where the file system has no POSIX modes). */
    public static boolean isOwnerOnly(Path file) {
        try {
            return Files.getPosixFilePermissions(file).equals(OWNER_ONLY);
        } catch (UnsupportedOperationException e) {
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporary(Path file, byte[] content) {
        var temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                Files.createFile(temp);
            }
            Files.write(temp, content);
            return temp;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write " + temp, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stray temporary file is harmless; it is hidden and mode 600
        }
    }
}
