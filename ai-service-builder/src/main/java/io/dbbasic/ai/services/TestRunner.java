package io.dbbasic.ai.services;

import io.dbbasic.ai.gate.CompiledHook;
import io.dbbasic.ai.sandbox.CallOutcome;
import io.dbbasic.ai.sandbox.WorkerPool;
import io.dbbasic.hooks.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a service's tests in the sandbox. A test passes when the reply contains what {@code expected}
 * says: the same {@code action} (implied {@code continue} when only a record is given), each field of
 * {@code expected.record} with an equal value (numbers by value: 2 equals 2.00), the same
 * {@code message}, and each listed field error. Fields the test does not name are not compared.
 */
public final class TestRunner {
    private final WorkerPool pool;

    public TestRunner(WorkerPool pool) {
        this.pool = pool;
    }

    public List<TestResult> run(String service, CompiledHook hook, List<TestCase> tests) {
        var results = new ArrayList<TestResult>();
        for (var test : tests) {
            var request = new LinkedHashMap<String, Object>(test.input());
            request.putIfAbsent("event", "before_create");
            request.putIfAbsent("resource", "");
            request.putIfAbsent("record", Map.of());
            request.putIfAbsent("previous", null);
            request.putIfAbsent("user", null);
            var actual = reply(pool.run(service, hook, request));
            var failure = mismatch(test.expected(), actual);
            results.add(new TestResult(test.name(), failure == null, actual, test.expected(), failure));
        }
        return List.copyOf(results);
    }

    /** The outcome as the invoke endpoint answers it; a stopped or failed call reads {@code {"action":"error"}}. */
    public static Map<String, Object> reply(CallOutcome outcome) {
        var body = new LinkedHashMap<String, Object>();
        if (outcome instanceof CallOutcome.Continued go) {
            body.put("action", "continue");
            body.put("record", go.record());
            if (!go.notifications().isEmpty()) {
                body.put("notifications", go.notifications());
            }
        } else if (outcome instanceof CallOutcome.Rejected no) {
            body.put("action", "reject");
            body.put("message", no.message());
            body.put("errors", no.errors());
        } else if (outcome instanceof CallOutcome.Stopped stopped) {
            body.put("action", "error");
            body.put("message", stopped.message());
        } else if (outcome instanceof CallOutcome.Failed failed) {
            body.put("action", "error");
            body.put("message", failed.message());
        }
        return body;
    }

    /** Why {@code actual} does not meet {@code expected}, or null when it does. */
    static String mismatch(Map<String, Object> expected, Map<String, Object> actual) {
        var action = expected.containsKey("action") ? String.valueOf(expected.get("action"))
                : expected.containsKey("message") || expected.containsKey("errors") ? "reject" : "continue";
        if (!action.equals(actual.get("action"))) {
            var detail = actual.get("message") == null ? "" : " (" + actual.get("message") + ")";
            return "expected " + action + ", got " + actual.get("action") + detail;
        }
        if (expected.get("record") instanceof Map<?, ?> record) {
            var got = actual.get("record") instanceof Map<?, ?> map ? map : Map.of();
            for (var entry : record.entrySet()) {
                var field = String.valueOf(entry.getKey());
                if (!deepEqual(entry.getValue(), got.get(field))) {
                    return field + ": expected " + show(entry.getValue()) + ", got " + show(got.get(field));
                }
            }
        }
        if (expected.containsKey("message") && !String.valueOf(expected.get("message")).equals(String.valueOf(actual.get("message")))) {
            return "message: expected \"" + expected.get("message") + "\", got \"" + actual.get("message") + "\"";
        }
        if (expected.get("errors") instanceof Map<?, ?> errors) {
            var got = actual.get("errors") instanceof Map<?, ?> map ? map : Map.of();
            for (var entry : errors.entrySet()) {
                if (!String.valueOf(entry.getValue()).equals(String.valueOf(got.get(String.valueOf(entry.getKey()))))) {
                    return "errors." + entry.getKey() + ": expected \"" + entry.getValue() + "\", got " + show(got.get(String.valueOf(entry.getKey())));
                }
            }
        }
        if (expected.containsKey("notifications") && !deepEqual(expected.get("notifications"), actual.getOrDefault("notifications", List.of()))) {
            return "notifications: expected " + show(expected.get("notifications")) + ", got " + show(actual.get("notifications"));
        }
        return null;
    }

    static boolean deepEqual(Object a, Object b) {
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.size() == y.size() && x.entrySet().stream().allMatch(e -> deepEqual(e.getValue(), y.get(e.getKey())));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEqual(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map || b instanceof Map || a instanceof List || b instanceof List) {
            return false;
        }
        return Row.sameValue(a, b);
    }

    private static String show(Object value) {
        if (value == null) {
            return "nothing";
        }
        var text = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
