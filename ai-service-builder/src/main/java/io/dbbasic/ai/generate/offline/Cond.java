package io.dbbasic.ai.generate.offline;

import io.dbbasic.hooks.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** A condition on the record (or, with {@code was}, on the stored record before an update). */
sealed interface Cond {
    enum Op {
        EQ("is", "=="), NE("is not", "!="), GT("is over", ">"), GE("is at least", ">="), LT("is under", "<"), LE("is at most", "<=");

        final String words;
        final String java;

        Op(String words, String java) {
            this.words = words;
            this.java = java;
        }
    }

    /** {@code field op value}; numbers compare by value, text ignoring case; an absent field never compares. */
    record Compare(String field, Op op, Value value, boolean previous) implements Cond {}

    record Empty(String field, boolean empty) implements Cond {}

    record Contains(String field, String text, boolean prefix) implements Cond {}

    record All(List<Cond> parts) implements Cond {
        public All {
            parts = List.copyOf(parts);
        }
    }

    default String java() {
        if (this instanceof All all) {
            return String.join(" && ", all.parts().stream().map(p -> "(" + p.java() + ")").toList());
        }
        if (this instanceof Empty e) {
            return (e.empty() ? "" : "!") + "r.isBlank(" + Code.lit(e.field()) + ")";
        }
        if (this instanceof Contains c) {
            return "r.getString(" + Code.lit(c.field()) + ", \"\").toLowerCase(Locale.ROOT)." + (c.prefix() ? "startsWith" : "contains")
                    + "(" + Code.lit(c.text().toLowerCase(java.util.Locale.ROOT)) + ")";
        }
        var c = (Compare) this;
        var row = c.previous() ? "p" : "r";
        var f = Code.lit(c.field());
        if (c.value() instanceof Value.Num n) {
            return row + " != null && " + row + ".has(" + f + ") && num(" + row + ", " + f + ").compareTo(new BigDecimal("
                    + Code.lit(n.value().toPlainString()) + ")) " + c.op().java + " 0";
        }
        var equal = row + " != null && " + row + ".has(" + f + ") && " + c.value().java() + ".toString().equalsIgnoreCase(" + row
                + ".getString(" + f + "))";
        return c.op() == Op.NE ? "!(" + equal + ")" : equal;
    }

    default boolean test(Row r, Row p, Instant now) {
        if (this instanceof All all) {
            return all.parts().stream().allMatch(part -> part.test(r, p, now));
        }
        if (this instanceof Empty e) {
            return r.isBlank(e.field()) == e.empty();
        }
        if (this instanceof Contains c) {
            var text = r.getString(c.field(), "").toLowerCase(java.util.Locale.ROOT);
            var needle = c.text().toLowerCase(java.util.Locale.ROOT);
            return c.prefix() ? text.startsWith(needle) : text.contains(needle);
        }
        var c = (Compare) this;
        var row = c.previous() ? p : r;
        if (c.value() instanceof Value.Num n) {
            if (row == null || !row.has(c.field())) {
                return false;
            }
            var cmp = Helpers.num(row, c.field()).compareTo(n.value());
            switch (c.op()) {
                case EQ: return cmp == 0;
                case NE: return cmp != 0;
                case GT: return cmp > 0;
                case GE: return cmp >= 0;
                case LT: return cmp < 0;
                default: return cmp <= 0;
            }
        }
        var equal = row != null && row.has(c.field()) && c.value().plain(now).toString().equalsIgnoreCase(row.getString(c.field()));
        return c.op() == Op.NE ? !equal : equal;
    }

    default String describe() {
        if (this instanceof All all) {
            return String.join(" and ", all.parts().stream().map(Cond::describe).toList());
        }
        if (this instanceof Empty e) {
            return e.field() + (e.empty() ? " is empty" : " is set");
        }
        if (this instanceof Contains c) {
            return c.field() + (c.prefix() ? " starts with \"" : " contains \"") + c.text() + "\"";
        }
        var c = (Compare) this;
        return c.field() + (c.previous() ? " was" + c.op().words.substring(2) : " " + c.op().words) + " " + c.value().describe();
    }

    default void fields(Set<String> into) {
        if (this instanceof All all) {
            all.parts().forEach(p -> p.fields(into));
        } else if (this instanceof Empty e) {
            into.add(e.field());
        } else if (this instanceof Contains c) {
            into.add(c.field());
        } else {
            into.add(((Compare) this).field());
        }
    }

    /** A record (built on {@code base}) for which this condition holds, or does not. */
    default void make(Row base, Row previous, boolean holds) {
        if (this instanceof All all) {
            if (holds) {
                all.parts().forEach(p -> p.make(base, previous, true));
            } else {
                all.parts().get(0).make(base, previous, false);
            }
            return;
        }
        if (this instanceof Empty e) {
            if (e.empty() == holds) {
                base.remove(e.field());
            } else {
                base.set(e.field(), "sample");
            }
            return;
        }
        if (this instanceof Contains c) {
            base.set(c.field(), holds ? (c.prefix() ? c.text() + " and more" : "some " + c.text() + " here") : "nothing like it");
            return;
        }
        var c = (Compare) this;
        var row = c.previous() ? previous : base;
        if (c.value() instanceof Value.Num n) {
            var v = n.value();
            BigDecimal pick;
            switch (c.op()) {
                case EQ: pick = holds ? v : v.add(BigDecimal.ONE); break;
                case NE: pick = holds ? v.add(BigDecimal.ONE) : v; break;
                case GT: pick = holds ? v.add(BigDecimal.ONE) : v; break;
                case GE: pick = holds ? v : v.subtract(BigDecimal.ONE); break;
                case LT: pick = holds ? v.subtract(BigDecimal.ONE) : v; break;
                default: pick = holds ? v : v.add(BigDecimal.ONE);
            }
            row.set(c.field(), pick);
            return;
        }
        var equal = (c.op() == Op.EQ) == holds;
        row.set(c.field(), equal ? c.value().plain(Instant.parse(Rules.SAMPLE_NOW)) : "something-else");
    }
}
