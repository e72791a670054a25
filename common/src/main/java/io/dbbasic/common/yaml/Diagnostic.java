package io.dbbasic.common.yaml;

import io.dbbasic.common.model.Location;

/** One message about a YAML file: {@code file:line:column: error|warning: message}. */
public record Diagnostic(Location location, Severity severity, String message) {
    public enum Severity {
        /** Stops the file from loading. */
        ERROR,
        /** Reported, but the file loads. */
        WARNING;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return location + ": " + severity.label() + ": " + message;
    }
}
