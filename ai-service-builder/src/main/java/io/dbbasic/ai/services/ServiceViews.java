package io.dbbasic.ai.services;

import io.dbbasic.ai.models.Catalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of a service (CONTRACT §6), plus what the UI needs: why it is invalid, its last test results. */
public final class ServiceViews {
    private ServiceViews() {}

    public static Map<String, Object> view(ServiceState state, Catalog catalog, Map<String, Object> metrics) {
        var body = new LinkedHashMap<String, Object>();
        body.put("name", state.name());
        body.put("description", state.spec().description());
        body.put("status", state.status().json());
        body.put("code", state.code());
        body.put("tests", tests(state.spec().tests()));
        body.put("used_by", catalog.usedBy(state.name()));
        body.put("metrics", metrics);
        body.put("serving", state.serving());
        body.put("errors", errors(state));
        body.put("violations", violations(state));
        body.put("problems", state.problems());
        body.put("test_results", results(state.testResults()));
        return body;
    }

    public static List<Map<String, Object>> tests(List<TestCase> tests) {
        var list = new ArrayList<Map<String, Object>>();
        for (var test : tests) {
            var item = new LinkedHashMap<String, Object>();
            item.put("name", test.name());
            item.put("input", test.input());
            item.put("expected", test.expected());
            list.add(item);
        }
        return list;
    }

    public static List<Map<String, Object>> results(List<TestResult> results) {
        var list = new ArrayList<Map<String, Object>>();
        for (var result : results) {
            var item = new LinkedHashMap<String, Object>();
            item.put("name", result.name());
            item.put("passed", result.passed());
            item.put("actual", result.actual());
            item.put("expected", result.expected());
            if (result.failure() != null) {
                item.put("failure", result.failure());
            }
            list.add(item);
        }
        return list;
    }

    public static List<Map<String, Object>> errors(ServiceState state) {
        var list = new ArrayList<Map<String, Object>>();
        state.errors().forEach(e -> list.add(Map.of("line", e.line(), "column", e.column(), "message", e.message())));
        return list;
    }

    public static List<Map<String, Object>> violations(ServiceState state) {
        var list = new ArrayList<Map<String, Object>>();
        state.violations().forEach(v -> list.add(Map.of("line", v.line(), "kind", v.kind(), "message", v.message())));
        return list;
    }
}
