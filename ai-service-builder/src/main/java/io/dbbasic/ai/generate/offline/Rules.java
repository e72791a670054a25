package io.dbbasic.ai.generate.offline;

import io.dbbasic.ai.models.Catalog;
import io.dbbasic.ai.services.TestCase;
import io.dbbasic.hooks.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Runs a list of rules as the generated hook will, to derive the generated tests' expected replies. */
final class Rules {
    /** The fixed "now" of generated tests, so that date rules give the same answer every run. */
    static final String SAMPLE_NOW = "2026-06-15T12:00:00Z";

    private Rules() {}

    static Map<String, Object> run(List<Rule> rules, Row record, Row previous) {
        var r = record.copy();
        var errors = new LinkedHashMap<String, String>();
        var now = Instant.parse(SAMPLE_NOW);
        for (var rule : rules) {
            var message = rule.apply(r, previous, now, errors);
            if (message != null) {
                return Map.of("action", "reject", "message", message);
            }
        }
        if (!errors.isEmpty()) {
            var first = errors.entrySet().iterator().next();
            var message = errors.size() == 1 ? first.getKey() + " " + first.getValue() : errors.size() + " fields are invalid";
            return Map.of("action", "reject", "message", message, "errors", errors);
        }
        var written = new LinkedHashMap<String, Object>();
        for (var rule : rules) {
            for (var field : rule.writes()) {
                if (r.fields().contains(field)) {
                    written.put(field, r.get(field));
                }
            }
        }
        return Map.of("action", "continue", "record", written);
    }

    /** Tests that exercise every rule, each expecting what the rules as a whole do to its input. */
    static List<TestCase> tests(List<Rule> rules, Catalog.ResourceInfo resource, String event, String resourceName) {
        var required = new LinkedHashMap<String, Object>();
        var probe = new Samples(resource, Map.of());
        for (var rule : rules) {
            if (rule instanceof Rule.Require req && req.when() == null) {
                required.put(req.field(), probe.sampleFor(req.field()));
            }
        }
        var samples = new Samples(resource, required);
        var tests = new ArrayList<TestCase>();
        var seen = new LinkedHashSet<String>();
        for (int i = 0; i < rules.size(); i++) {
            var rule = rules.get(i);
            var n = 0;
            for (var sample : rule.samples(samples)) {
                var key = sample[0] + "|" + sample[1];
                if (!seen.add(key)) {
                    continue;
                }
                var input = new LinkedHashMap<String, Object>();
                input.put("event", event);
                if (resourceName != null) {
                    input.put("resource", resourceName);
                }
                input.put("record", new LinkedHashMap<>(sample[0].toMap()));
                input.put("previous", sample[1] == null ? null : new LinkedHashMap<>(sample[1].toMap()));
                input.put("now", SAMPLE_NOW);
                tests.add(new TestCase(rule.describe() + (n++ == 0 ? "" : " (" + n + ")"), input, run(rules, sample[0], sample[1])));
            }
        }
        return tests;
    }
}
