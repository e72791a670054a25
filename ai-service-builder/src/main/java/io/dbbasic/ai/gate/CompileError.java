package io.dbbasic.ai.gate;

/** A compiler message about the hook's source (1-based line and column, 0 when unknown). */
public record CompileError(int line, int column, String message) {
    @Override
    public String toString() {
        return "line " + line + ":" + column + ": " + message;
    }
}
