package io.dbbasic.common.model;

import java.nio.file.Path;

/** Where something was written: a file and a 1-based line and column. */
public record Location(Path file, int line, int column) {
    public static Location of(Path file) {
        return new Location(file, 1, 1);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
