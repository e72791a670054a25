package io.dbbasic.ai.generate.offline;

import io.dbbasic.hooks.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One rule understood from a description. Each rule can say what it understood ({@link #describe}),
 * write its Java ({@link #emit}), apply itself to a record ({@link #apply}, the interpreter that works out
 * the expected results of the generated tests) and propose inputs that exercise it ({@link #samples}).
 */
sealed interface Rule {
    String describe();

    void emit(Code code, int n);

    /** Changes {@code r} or adds to {@code errors}; returns a rejection message to stop at once, else null. */
    String apply(Row r, Row p, Instant now, Map<String, String> errors);

    /** Inputs (record, previous) that exercise the rule, built on {@code base}. */
    List<Row[]> samples(Samples s);

    /** Fields the rule writes (compared in the generated tests). */
    Set<String> writes();

    /** Fields the rule reads or writes (checked against the resource). */
    Set<String> fields();

    enum Case { TRIM, LOWER, UPPER, TITLE, COLLAPSE }

    record Normalize(String field, Case op) implements Rule {
        public String describe() {
            return op.name().toLowerCase(Locale.ROOT) + " " + field;
        }

        private String expr(String v) {
            switch (op) {
                case TRIM: return v + ".strip()";
                case LOWER: return v + ".toLowerCase(Locale.ROOT)";
                case UPPER: return v + ".toUpperCase(Locale.ROOT)";
                case TITLE: return "titleCase(" + v + ")";
                default: return v + ".strip().replaceAll(\"\\\\s+\", \" \")";
            }
        }

        public void emit(Code code, int n) {
            code.comment(describe()).open("if (r.get(" + Code.lit(field) + ") instanceof String v" + n + ")")
                    .line("r.set(" + Code.lit(field) + ", " + expr("v" + n) + ");").close();
        }

        public String apply(Row r, Row p, Instant now, Map<String, String> errors) {
            if (r.get(field) instanceof String v) {
                switch (op) {
                    case TRIM: r.set(field, v.strip()); break;
                    case LOWER: r.set(field, v.toLowerCase(Locale.ROOT)); break;
                    case UPPER: r.set(field, v.toUpperCase(Locale.ROOT)); break;
                    case TITLE: r.set(field, Helpers.titleCase(v)); break;
                    default: r.set(field, v.strip().replaceAll("\\s+", " "));
                }
            }
            return null;
        }

        public List<Row[]> samples(Samples s) {
            return List.<Row[]>of(s.with(field, "  mIxed   Case  tExt "));
        }

        public Set<String> writes() {
            return Set.of(field);
        }

        public Set<String> fields() {
            return Set.of(field);
        }
    }

    record Slug(String source, String target, boolean onlyIfEmpty) implements Rule {
        public String describe() {
            return "set " + target + " to a slug of " + source + (onlyIfEmpty ? " when " + target + " is empty" : "");
        }

        public void emit(Code code, int n) {
            code.comment(describe()).open("if (" + (onlyIfEmpty ? "r.isBlank(" + Code.lit(target) + ") && " : "") + "!r.isBlank(" + Code.lit(source) + "))")
                    .line("r.set(" + Code.lit(target) + ", slug(r.getString(" + Code.lit(source) + ")));").close();
        }

        public String apply(Row r, Row p, Instant now, Map<String, String> errors) {
            if ((!onlyIfEmpty || r.isBlank(target)) && !r.isBlank(source)) {
                r.set(target, Helpers.slug(r.getString(source)));
            }
            return null;
        }

        public List<Row[]> samples(Samples s) {
            var list = new ArrayList<Row[]>();
            list.add(s.with(source, "Hello, World & Friends!"));
            if (onlyIfEmpty) {
                var given = s.with(source, "Another Title");
                given[0].set(target, "given-slug");
                list.add(given);
            }
            return list;
        }

        public Set<String> writes() {
            return Set.of(target);
        }

        public Set<String> fields() {
            return Set.of(source, target);
        }
    }

    /** {@code field = value or expr}, when {@code when} holds (always when null), optionally rounded. */
    record Assign(String field, Value value, Expr expr, Cond when, Integer scale, boolean onlyIfEmpty) implements Rule {
        public String describe() {
            var what = value != null ? value.describe() : expr.describe();
            return "set " + field + " to " + what + (scale != null ? " rounded to " + scale + " decimals" : "")
                    + (onlyIfEmpty ? " when it is empty" : "") + (when != null ? " when " + when.describe() : "");
        }

        private String javaValue() {
            if (value != null) {
                return value.java();
            }
            return scale != null ? "(" + expr.java() + ").setScale(" + scale + ", RoundingMode.HALF_UP)" : "clean(" + expr.java() + ")";
        }

        public void emit(Code code, int n) {
            var conditions = new ArrayList<String>();
            if (onlyIfEmpty) {
                conditions.add("r.isBlank(" + Code.lit(field) + ")");
            }
            if (when != null) {
                conditions.add(when.java());
            }
            code.comment(describe());
            if (conditions.isEmpty()) {
                code.line("r.set(" + Code.lit(field) + ", " + javaValue() + ");");
            } else {
                code.open("if (" + String.join(" && ", conditions) + ")").line("r.set(" + Code.lit(field) + ", " + javaValue() + ");").close();
            }
        }

        public String apply(Row r, Row p, Instant now, Map<String, String> errors) {
            if ((onlyIfEmpty && !r.isBlank(field)) || (when != null && !when.test(r, p, now))) {
                return null;
            }
            if (value != null) {
                r.set(field, value.plain(now));
            } else {
                var result = expr.eval(r);
                r.set(field, scale != null ? result.setScale(scale, RoundingMode.HALF_UP) : Helpers.clean(result));
            }
            return null;
        }

        public List<Row[]> samples(Samples s) {
            var list = new ArrayList<Row[]>();
            var base = s.base();
            if (expr != null) {
                var used = new LinkedHashSet<String>();
                expr.fields(used);
                var i = 0;
                for (var f : used) {
                    base[0].set(f, Samples.NUMBERS.get(i++ % Samples.NUMBERS.size()));
                }
            }
            if (when != null) {
                var yes = s.copy(base);
                when.make(yes[0], yes[1], true);
                var no = s.copy(base);
                when.make(no[0], no[1], false);
                list.add(yes);
                list.add(no);
            } else {
                list.add(base);
            }
            if (onlyIfEmpty) {
                var given = s.copy(list.get(0));
                given[0].set(field, s.sampleFor(field));
                list.add(given);
            }
            return list;
        }

        public Set<String> writes() {
            return Set.of(field);
        }

        public Set<String> fields() {
            var all = new LinkedHashSet<String>();
            all.add(field);
            if (expr != null) {
                expr.fields(all);
            }
            if (when != null) {
                when.fields(all);
            }
            return all;
        }
    }

    record Count(String source, String target, Integer wordsPerMinute) implements Rule {
        public String describe() {
            return wordsPerMinute == null ? "set " + target + " to the number of words in " + source
                    : "set " + target + " to the reading time of " + source + " in minutes at " + wordsPerMinute + " words per minute";
        }

        public void emit(Code code, int n) {
            var words = "words(r.getString(" + Code.lit(source) + "))";
            var value = wordsPerMinute == null ? words
                    : "Math.max(1, (" + words + " + " + (wordsPerMinute - 1) + ") / " + wordsPerMinute + ")";
            code.comment(describe()).open("if (r.has(" + Code.lit(source) + "))").line("r.set(" + Code.lit(target) + ", " + value + ");").close();
        }

        public String apply(Row r, Row p, Instant now, Map<String, String> errors) {
            if (r.has(source)) {
                var words = Helpers.words(r.getString(source));
                r.set(target, wordsPerMinute == null ? words : Math.max(1, (words + wordsPerMinute - 1) / wordsPerMinute));
            }
            return null;
        }

        public List<Row[]> samples(Samples s) {
            return List.<Row[]>of(s.with(source, ("one two  three four\nfive " + "word ".repeat(wordsPerMinute == null ? 3 : wordsPerMinute + 3)).strip()));
        }

        public Set<String> writes() {
            return Set.of(target);
        }

        public Set<String> fields() {
            return Set.of(source, target);
        }
    }

    record Excerpt(String source, String target, int limit, boolean words, boolean onlyIfEmpty) implements Rule {
        public String describe() {
            return "set " + target + " to the first " + limit + (words ? " words" : " characters") + " of " + source
                    + (onlyIfEmpty ? " when it is empty" : "");
        }

        public void emit(Code code, int n) {
            var v = "v" + n;
            code.comment(describe()).open("if (" + (onlyIfEmpty ? "r.isBlank(" + Code.lit(target) + ") && " : "") + "!r.isBlank(" + Code.lit(source) + "))")
                    .line("var " + v + " = r.getString(" + Code.lit(source) + ").strip().replaceAll(\"\\\\s+\", \" \");");
            if (words) {
                code.line("var " + v + "w = " + v + ".split(\" \");")
                        .open("if (" + v + "w.length > " + limit + ")")
                        .line(v + " = String.join(\" \", java.util.Arrays.asList(" + v + "w).subList(0, " + limit + ")) + \"…\";").close();
            } else {
                code.open("if (" + v + ".length() > " + limit + ")")
                        .line("var cut" + n + " = " + v + ".lastIndexOf(' ', " + limit + ");")
                        .line(v + " = " + v + ".substring(0, cut" + n + " > 0 ? cut" + n + " : " + limit + ").strip() + \"…\";").close();
            }
            code.line("r.set(" + Code.lit(target) + ", " + v + ");").close();
        }

        public String apply(Row r, Row p, Instant now, Map<String, String> errors) {
            if ((onlyIfEmpty && !r.isBlank(target)) || r.isBlank(source)) {
                return null;
            }
            var text = r.getString(source).strip().replaceAll("\\s+", " ");
            if (words) {
                var parts = text.split(" ");
                if (parts.length > limit) {
                    text = String.join(" ", java.util.Arrays.asList(parts).subList(0, limit)) + "…";
                }
            } else if (text.length() > limit) {
                var cut = text.lastIndexOf(' ', limit);
                text = text.substring(0, cut > 0 ? cut : limit).strip() + "…";
            }
            r.set(target, text);
            return null;
        }

        public List<Row[]> samples(Samples s) {
            var longText = "word ".repeat(limit + 5).strip();
            return List.<Row[]>of(s.with(source, longText), s.with(source, "Short text."));
        }

        public Set<String> writes() {
            return Set.of(target);
        }

        public Set<String> fields() {
            return Set.of(source, target);
        }
    }

    record Join(List<String> parts, String separator, String target) implements Rule {
        public String describe() {
            return "set " + target + " to " + String.join(" + \"" + separator + "\" + ", parts);
        }

        public void emit(Code code, int n) {
            code.comment(describe()).line("var parts" + n + " = new java.util.ArrayList<String>();");
            for (var part : parts) {
                code.open("if (!r.isBlank(" + Code.lit(part) + "))").line("parts" + n + ".add(r.getString(" + Code.lit(part) + ").strip());").close();
            }
            code.line("r.set(" + Code.lit(target) + ", String.join(" + Code.lit(separator) + ", parts" + n + "));");
        }

        public String apply(Row r, Row p, Instant now, Map<String, String> errors) {
            var found = new ArrayList<String>();
            parts.stream().filter(f -> !r.isBlank(f)).forEach(f -> found.add(r.getString(f).strip()));
            r.set(target, String.join(separator, found));
            return null;
        }

        public List<Row[]> samples(Samples s) {
            var all = s.base();
            var i = 0;
            for (var part : parts) {
                all[0].set(part, Samples.WORDS.get(i++ % Samples.WORDS.size()));
            }
            var some = s.copy(all);
            some[0].remove(parts.get(parts.size() - 1));
            return List.<Row[]>of(all, some);
        }

        public Set<String> writes() {
            return Set.of(target);
        }

        public Set<String> fields() {
            var all = new LinkedHashSet<>(parts);
            all.add(target);
            return all;
        }
    }

    /** {@code field} is required (when {@code when} holds). */
    record Require(String field, Cond when) implements Rule {
        public String describe() {
            return field + " is required" + (when != null ? " when " + when.describe() : "");
        }

        private String message() {
            return "is required" + (when != null ? " when " + when.describe() : "");
        }

        public void emit(Code code, int n) {
            code.comment(describe()).open("if (" + (when != null ? when.java() + " && " : "") + "r.isBlank(" + Code.lit(field) + "))")
                    .line("errors.put(" + Code.lit(field) + ", " + Code.lit(message()) + ");").close();
        }

        public String apply(Row r, Row p, Instant now, Map<String, String> errors) {
            if ((when == null || when.test(r, p, now)) && r.isBlank(field)) {
                errors.put(field, message());
            }
            return null;
        }

        public List<Row[]> samples(Samples s) {
            var missing = s.base();
            if (when != null) {
                when.make(missing[0], missing[1], true);
            }
            missing[0].remove(field);
            var given = s.copy(missing);
            given[0].set(field, s.sampleFor(field));
            var list = new ArrayList<Row[]>(List.<Row[]>of(missing, given));
            if (when != null) {
                var otherwise = s.copy(missing);
                when.make(otherwise[0], otherwise[1], false);
                list.add(otherwise);
            }
            return list;
        }

        public Set<String> writes() {
            return Set.of();
        }

        public Set<String> fields() {
            var all = new LinkedHashSet<String>();
            all.add(field);
            if (when != null) {
                when.fields(all);
            }
            return all;
        }
    }

    /** A numeric range, or with {@code length} a text length range; null bounds are open. */
    record Range(String field, BigDecimal min, boolean minInclusive, BigDecimal max, boolean maxInclusive, boolean length) implements Rule {
        public String describe() {
            return field + (length ? " length" : "") + " " + message();
        }

        String message() {
            var unit = length ? " characters" : "";
            if (min != null && max != null) {
                return "must be between " + min.toPlainString() + " and " + max.toPlainString() + unit;
            }
            if (min != null) {
                return (minInclusive ? "must be at least " : "must be more than ") + min.toPlainString() + unit;
            }
            return (maxInclusive ? "must be at most " : "must be less than ") + max.toPlainString() + unit;
        }

        public void emit(Code code, int n) {
            var v = length ? "BigDecimal.valueOf(r.getString(" + Code.lit(field) + ").length())" : "num(r, " + Code.lit(field) + ")";
            var checks = new ArrayList<String>();
            if (min != null) {
                checks.add("v" + n + ".compareTo(new BigDecimal(" + Code.lit(min.toPlainString()) + ")) " + (minInclusive ? "<" : "<=") + " 0");
            }
            if (max != null) {
                checks.add("v" + n + ".compareTo(new BigDecimal(" + Code.lit(max.toPlainString()) + ")) " + (maxInclusive ? ">" : ">=") + " 0");
            }
            code.comment(describe()).open("if (r.has(" + Code.lit(field) + "))").line("var v" + n + " = " + v + ";")
                    .open("if (" + String.join(" || ", checks) + ")").line("errors.put(" + Code.lit(field) + ", " + Code.lit(message()) + ");")
                    .close().close();
        }

        public String apply(Row r, Row p, Instant now, Map<String, String> errors) {
            if (!r.has(field)) {
                return null;
            }
            var v = length ? BigDecimal.valueOf(r.getString(field).length()) : Helpers.num(r, field);
            var low = min != null && (minInclusive ? v.compareTo(min) < 0 : v.compareTo(min) <= 0);
            var high = max != null && (maxInclusive ? v.compareTo(max) > 0 : v.compareTo(max) >= 0);
            if (low || high) {
                errors.put(field, message());
            }
            return null;
        }

        public List<Row[]> samples(Samples s) {
            var list = new ArrayList<Row[]>();
            var inside = min != null ? min.add(minInclusive ? BigDecimal.ZERO : BigDecimal.ONE)
                    : max.subtract(maxInclusive ? BigDecimal.ZERO : BigDecimal.ONE);
            list.add(s.with(field, value(inside)));
            if (min != null) {
                list.add(s.with(field, value(min.subtract(minInclusive ? BigDecimal.ONE : BigDecimal.ZERO))));
            }
            if (max != null) {
                list.add(s.with(field, value(max.add(maxInclusive ? BigDecimal.ONE : BigDecimal.ZERO))));
            }
            return list;
        }

        private Object value(BigDecimal size) {
            return length ? "x".repeat(Math.max(0, size.intValue())) : size;
        }

        public Set<String> writes() {
            return Set.of();
        }

        public Set<String> fields() {
            return Set.of(field);
        }
    }

    record Matches(String field, String regex, String label) implements Rule {
        public String describe() {
            return field + " must be " + label;
        }

        public void emit(Code code, int n) {
            code.comment(describe()).open("if (!r.isBlank(" + Code.lit(field) + ") && !java.util.regex.Pattern.compile(" + Code.lit(regex)
                            + ").matcher(r.getString(" + Code.lit(field) + ")).matches())")
                    .line("errors.put(" + Code.lit(field) + ", " + Code.lit("must be " + label) + ");").close();
        }

        public String apply(Row r, Row p, Instant now, Map<String, String> errors) {
            if (!r.isBlank(field) && !java.util.regex.Pattern.compile(regex).matcher(r.getString(field)).matches()) {
                errors.put(field, "must be " + label);
            }
            return null;
        }

        public List<Row[]> samples(Samples s) {
            return List.<Row[]>of(s.with(field, "not valid at all !"), s.with(field, Samples.exampleFor(label)));
        }

        public Set<String> writes() {
            return Set.of();
        }

        public Set<String> fields() {
            return Set.of(field);
        }
    }

    /** {@code field} must come after (or before) {@code other} (a field) or the time of the write. */
    record DateOrder(String field, boolean after, boolean inclusive, String other) implements Rule {
        public String describe() {
            return field + " " + message();
        }

        String message() {
            return "must be " + (inclusive ? "on or " : "") + (after ? "after " : "before ") + (other == null ? "now" : other);
        }

        public void emit(Code code, int n) {
            var b = other == null ? "ctx.now()" : "r.getTimestamp(" + Code.lit(other) + ")";
            var test = after ? (inclusive ? "a" + n + ".isBefore(b" + n + ")" : "!a" + n + ".isAfter(b" + n + ")")
                    : (inclusive ? "a" + n + ".isAfter(b" + n + ")" : "!a" + n + ".isBefore(b" + n + ")");
            code.comment(describe()).line("var a" + n + " = r.getTimestamp(" + Code.lit(field) + ");").line("var b" + n + " = " + b + ";")
                    .open("if (a" + n + " != null && b" + n + " != null && " + test + ")").line("errors.put(" + Code.lit(field) + ", " + Code.lit(message()) + ");")
                    .close();
        }

        public String apply(Row r, Row p, Instant now, Map<String, String> errors) {
            var a = r.getTimestamp(field);
            var b = other == null ? now : r.getTimestamp(other);
            if (a != null && b != null) {
                var bad = after ? (inclusive ? a.isBefore(b) : !a.isAfter(b)) : (inclusive ? a.isAfter(b) : !a.isBefore(b));
                if (bad) {
                    errors.put(field, message());
                }
            }
            return null;
        }

        public List<Row[]> samples(Samples s) {
            var early = "2026-01-10T09:00:00Z";
            var late = "2026-12-20T09:00:00Z";
            if (other == null) {
                return List.<Row[]>of(s.with(field, late), s.with(field, early));
            }
            var good = s.with(field, after ? late : early);
            good[0].set(other, after ? early : late);
            var bad = s.with(field, after ? early : late);
            bad[0].set(other, after ? late : early);
            return List.<Row[]>of(good, bad);
        }

        public Set<String> writes() {
            return Set.of();
        }

        public Set<String> fields() {
            return other == null ? Set.of(field) : Set.of(field, other);
        }
    }

    record Reject(Cond when, String message) implements Rule {
        public String describe() {
            return "reject when " + when.describe() + " with \"" + message + "\"";
        }

        public void emit(Code code, int n) {
            code.comment(describe()).open("if (" + when.java() + ")").line("return HookResult.reject(" + Code.lit(message) + ");").close();
        }

        public String apply(Row r, Row p, Instant now, Map<String, String> errors) {
            return when.test(r, p, now) ? message : null;
        }

        public List<Row[]> samples(Samples s) {
            var yes = s.base();
            when.make(yes[0], yes[1], true);
            var no = s.base();
            when.make(no[0], no[1], false);
            return List.<Row[]>of(yes, no);
        }

        public Set<String> writes() {
            return Set.of();
        }

        public Set<String> fields() {
            var all = new LinkedHashSet<String>();
            when.fields(all);
            return all;
        }
    }

    enum Guard { ALLOWED, DENIED, FROZEN, IMMUTABLE }

    /**
     * A guard on how {@code field} may change on update, by its previous value: only the {@code pairs}
     * listed (ALLOWED, "from>to"), never one pair (DENIED), never once it is {@code from} (FROZEN), never (IMMUTABLE).
     */
    record Transition(String field, Guard guard, List<String> pairs) implements Rule {
        public Transition {
            pairs = List.copyOf(pairs);
        }

        public String describe() {
            switch (guard) {
                case ALLOWED: return field + " may change only " + String.join(", ", pairs.stream().map(x -> x.replace(">", " → ")).toList());
                case DENIED: return field + " may not change " + pairs.get(0).replace(">", " → ");
                case FROZEN: return field + " may not change once it is " + pairs.get(0);
                default: return field + " may not change after it is created";
            }
        }

        String message(String from, String to) {
            switch (guard) {
                case FROZEN: return "cannot change once it is " + from;
                case IMMUTABLE: return "cannot be changed";
                default: return "cannot change from " + from + " to " + to;
            }
        }

        public void emit(Code code, int n) {
            var f = Code.lit(field);
            code.comment(describe())
                    .open("if (p != null && r.has(" + f + ") && !r.getString(" + f + ").equalsIgnoreCase(p.getString(" + f + ", \"\")))")
                    .line("var from" + n + " = p.getString(" + f + ", \"\").toLowerCase(Locale.ROOT);")
                    .line("var to" + n + " = r.getString(" + f + ").toLowerCase(Locale.ROOT);");
            String bad;
            switch (guard) {
                case ALLOWED:
                    bad = "!java.util.List.of(" + String.join(", ", pairs.stream().map(Code::lit).toList()) + ").contains(from" + n + " + \">\" + to" + n + ")";
                    break;
                case DENIED:
                    bad = "(from" + n + " + \">\" + to" + n + ").equals(" + Code.lit(pairs.get(0)) + ")";
                    break;
                case FROZEN:
                    bad = "from" + n + ".equals(" + Code.lit(pairs.get(0)) + ")";
                    break;
                default:
                    bad = "true";
            }
            var message = guard == Guard.FROZEN ? Code.lit("cannot change once it is ") + " + from" + n
                    : guard == Guard.IMMUTABLE ? Code.lit("cannot be changed")
                    : Code.lit("cannot change from ") + " + from" + n + " + " + Code.lit(" to ") + " + to" + n;
            code.open("if (" + bad + ")").line("errors.put(" + f + ", " + message + ");").close().close();
        }

        public String apply(Row r, Row p, Instant now, Map<String, String> errors) {
            if (p == null || !r.has(field) || r.getString(field).equalsIgnoreCase(p.getString(field, ""))) {
                return null;
            }
            var from = p.getString(field, "").toLowerCase(Locale.ROOT);
            var to = r.getString(field).toLowerCase(Locale.ROOT);
            boolean bad;
            switch (guard) {
                case ALLOWED: bad = !pairs.contains(from + ">" + to); break;
                case DENIED: bad = (from + ">" + to).equals(pairs.get(0)); break;
                case FROZEN: bad = from.equals(pairs.get(0)); break;
                default: bad = true;
            }
            if (bad) {
                errors.put(field, message(from, to));
            }
            return null;
        }

        public List<Row[]> samples(Samples s) {
            var list = new ArrayList<Row[]>();
            if (guard == Guard.IMMUTABLE) {
                var change = s.base();
                change[0].set(field, "new-value");
                change[1] = new Row().set(field, "old-value");
                list.add(change);
                return list;
            }
            var first = pairs.get(0).split(">", -1);
            var moved = s.base();
            moved[1] = new Row().set(field, first[0]);
            moved[0].set(field, first.length > 1 ? first[1] : "something-else");
            list.add(moved);
            var odd = s.base();
            odd[1] = new Row().set(field, first[0]);
            odd[0].set(field, "unexpected-state");
            list.add(odd);
            return list;
        }

        public Set<String> writes() {
            return Set.of();
        }

        public Set<String> fields() {
            return Set.of(field);
        }
    }
}
