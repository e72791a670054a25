package io.dbbasic.ai.gate;

import java.util.List;

/** What the gate says about a source: it passed (and can run), or why not. */
public sealed interface GateResult permits GateResult.Passed, GateResult.Refused {
    record Passed(CompiledHook hook) implements GateResult {}

    /** Compiler errors, or (when it compiled) the violations; either list may be empty, never both. */
    record Refused(List<CompileError> errors, List<Violation> violations) implements GateResult {
        public Refused {
            errors = List.copyOf(errors);
            violations = List.copyOf(violations);
        }

        /** One line per problem, for logs and for the model's repair prompt. */
        public String describe() {
            var lines = new StringBuilder();
            errors.forEach(e -> lines.append("compiler: ").append(e).append('\n'));
            violations.forEach(v -> lines.append("sandbox: ").append(v).append('\n'));
            return lines.toString().strip();
        }
    }

    default boolean passed() {
        return this instanceof Passed;
    }
}
