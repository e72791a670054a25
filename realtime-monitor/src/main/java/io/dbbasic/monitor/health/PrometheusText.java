package io.dbbasic.monitor.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Just enough of the Prometheus text format (0.0.4) to read a service's JVM figures: one sample per
 * line, {@code name{label="value",…} number}, comments skipped. A line it cannot read is skipped,
 * never fatal: a service's odd metric must not blind the monitor to the rest.
 */
final class PrometheusText {
    record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    static PrometheusText parse(String text) {
        var samples = new ArrayList<Sample>();
        for (var line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            var sample = parseLine(line.strip());
            if (sample != null) {
                samples.add(sample);
            }
        }
        return new PrometheusText(samples);
    }

    /** The sum of a metric's samples whose labels pass {@code filter}; null when it has none. */
    Double sum(String name, Predicate<Map<String, String>> filter) {
        Double total = null;
        for (var sample : samples) {
            if (sample.name().equals(name) && filter.test(sample.labels()) && !Double.isNaN(sample.value())) {
                total = (total == null ? 0 : total) + sample.value();
            }
        }
        return total;
    }

    Double sum(String name) {
        return sum(name, labels -> true);
    }

    List<Sample> samples() {
        return samples;
    }

    private static Sample parseLine(String line) {
        var brace = line.indexOf('{');
        var space = line.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String name;
        Map<String, String> labels = Map.of();
        int rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            var parsed = new LinkedHashMap<String, String>();
            rest = parseLabels(line, brace + 1, parsed);
            if (rest < 0) {
                return null;
            }
            labels = parsed;
        } else {
            name = line.substring(0, space);
            rest = space;
        }
        var fields = line.substring(rest).strip().split("\\s+");
        if (fields.length == 0 || fields[0].isEmpty()) {
            return null;
        }
        try {
            return new Sample(name, labels, value(fields[0]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Reads {@code a="x",b="y"}} from {@code start}; returns the index after the closing brace, or -1. */
    private static int parseLabels(String line, int start, Map<String, String> into) {
        var i = start;
        while (i < line.length()) {
            var c = line.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c == ',' || c == ' ') {
                i++;
                continue;
            }
            var eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                return -1;
            }
            var key = line.substring(i, eq).strip();
            var value = new StringBuilder();
            var j = eq + 2;
            for (; j < line.length(); j++) {
                var ch = line.charAt(j);
                if (ch == '\\' && j + 1 < line.length()) {
                    var next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else if (ch == '"') {
                    break;
                } else {
                    value.append(ch);
                }
            }
            if (j >= line.length()) {
                return -1;
            }
            into.put(key, value.toString());
            i = j + 1;
        }
        return -1;
    }

    private static double value(String text) {
        switch (text) {
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            case "NaN": return Double.NaN;
            default: return Double.parseDouble(text);
        }
    }
}
