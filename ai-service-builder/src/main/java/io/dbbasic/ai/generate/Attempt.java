package io.dbbasic.ai.generate;

import io.dbbasic.ai.gate.GateResult;
import io.dbbasic.ai.services.TestCase;
import io.dbbasic.ai.services.TestResult;
import java.util.List;

/** One candidate checked: what the gate said and, when it passed, how the tests went. */
public record Attempt(Draft draft, List<TestCase> tests, GateResult gate, List<TestResult> results) {
    public Attempt {
        tests = List.copyOf(tests);
        results = List.copyOf(results);
    }

    public boolean ok() {
        return gate.passed() && results.stream().allMatch(TestResult::passed);
    }

    /** What went wrong, in the words fed back to a model for repair. */
    public String feedback() {
        if (gate instanceof GateResult.Refused refused) {
            return refused.describe();
        }
        var lines = new StringBuilder();
        for (var result : results) {
            if (!result.passed()) {
                lines.append("test \"").append(result.name()).append("\" failed: ").append(result.failure())
                        .append("\n  expected ").append(result.expected()).append("\n  actual   ").append(result.actual()).append('\n');
            }
        }
        return lines.toString().strip();
    }
}
