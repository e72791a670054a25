package io.dbbasic.ai.gate;

/** One thing the gate refuses, with the source line it comes from (0 when no line applies). */
public record Violation(int line, String kind, String message) {
    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + message;
    }
}
