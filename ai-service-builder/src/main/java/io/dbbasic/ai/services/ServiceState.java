package io.dbbasic.ai.services;

import io.dbbasic.ai.gate.CompileError;
import io.dbbasic.ai.gate.CompiledHook;
import io.dbbasic.ai.gate.Violation;
import java.util.List;

/**
 * One service as the builder holds it: the files' content, what the gate and the tests said, the
 * version that passed the gate ({@code compiled}, null when none did) and the version that serves
 * calls ({@code live}, null unless active; an active service whose file breaks keeps its last good one).
 */
public record ServiceState(String name, ServiceSpec spec, String code, ServiceStatus status, List<CompileError> errors,
                           List<Violation> violations, List<String> problems, List<TestResult> testResults,
                           CompiledHook compiled, CompiledHook live, String digest) {
    public ServiceState {
        code = code == null ? "" : code;
        errors = List.copyOf(errors);
        violations = List.copyOf(violations);
        problems = List.copyOf(problems);
        testResults = List.copyOf(testResults);
    }

    public boolean serving() {
        return live != null;
    }

    public boolean testsPass() {
        return testResults.stream().allMatch(TestResult::passed);
    }
}
