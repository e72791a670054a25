package io.dbbasic.ai.services;

import io.dbbasic.common.errors.ValidationFailed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The body of {@code PUT /api/services/{name}}. */
public record SaveRequest(String code, String description, List<Map<String, Object>> tests) {
    public List<TestCase> testCases() {
        return TestCases.from(tests);
    }

    public String requireCode() {
        if (code == null || code.isBlank()) {
            throw new ValidationFailed(Map.of("code", "is required"));
        }
        return code;
    }

    /** Turns JSON test items into test cases, or 422 naming the item that is wrong. */
    public static final class TestCases {
        private TestCases() {}

        @SuppressWarnings("unchecked")
        public static List<TestCase> from(List<Map<String, Object>> items) {
            var cases = new ArrayList<TestCase>();
            if (items == null) {
                return cases;
            }
            for (int i = 0; i < items.size(); i++) {
                var item = items.get(i);
                if (item == null) {
                    throw new ValidationFailed(Map.of("tests." + i, "must be an object with name, input and expected"));
                }
                var input = item.get("input");
                var expected = item.get("expected");
                if ((input != null && !(input instanceof Map)) || (expected != null && !(expected instanceof Map))) {
                    throw new ValidationFailed(Map.of("tests." + i, "input and expected must be objects"));
                }
                var name = item.get("name") == null || String.valueOf(item.get("name")).isBlank()
                        ? "example " + (i + 1) : String.valueOf(item.get("name"));
                cases.add(new TestCase(name, (Map<String, Object>) input, (Map<String, Object>) expected));
            }
            return cases;
        }
    }
}
