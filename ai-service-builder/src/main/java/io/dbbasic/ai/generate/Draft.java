package io.dbbasic.ai.generate;

import io.dbbasic.ai.services.TestCase;
import java.util.List;

/** Code a generator proposes, with the tests it derived for it (besides the caller's examples). */
public record Draft(String code, List<TestCase> tests) {
    public Draft {
        tests = List.copyOf(tests);
    }
}
