package io.dbbasic.ai.generate.offline;

import io.dbbasic.hooks.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** A literal in a description: a number, text, true/false, or today / now (the time of the write). */
sealed interface Value {
    record Num(BigDecimal value) implements Value {}

    record Text(String value) implements Value {}

    record Bool(boolean value) implements Value {}

    record Today() implements Value {}

    record Now() implements Value {}

    /** Java source that yields the value inside {@code handle} ({@code ctx} in scope). */
    default String java() {
        if (this instanceof Num n) {
            return "new BigDecimal(" + Code.lit(n.value().toPlainString()) + ")";
        }
        if (this instanceof Text t) {
            return Code.lit(t.value());
        }
        if (this instanceof Bool b) {
            return Boolean.toString(b.value());
        }
        if (this instanceof Today) {
            return "LocalDate.ofInstant(ctx.now(), ZoneOffset.UTC).toString()";
        }
        return "ctx.now().toString()";
    }

    /** The value as the interpreter stores it. */
    default Object plain(Instant now) {
        if (this instanceof Num n) {
            return n.value();
        }
        if (this instanceof Text t) {
            return t.value();
        }
        if (this instanceof Bool b) {
            return b.value();
        }
        if (this instanceof Today) {
            return LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        }
        return now.toString();
    }

    default String describe() {
        if (this instanceof Text t) {
            return "\"" + t.value() + "\"";
        }
        if (this instanceof Today) {
            return "today";
        }
        if (this instanceof Now) {
            return "now";
        }
        return String.valueOf(plain(Instant.EPOCH));
    }

    /** Whether a record value equals this literal (numbers by value, text ignoring case). */
    default boolean matches(Row r, String field, Instant now) {
        var actual = r.get(field);
        if (actual == null) {
            return false;
        }
        if (this instanceof Num n) {
            try {
                return r.getDecimal(field).compareTo(n.value()) == 0;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        if (this instanceof Bool b) {
            return String.valueOf(b.value()).equalsIgnoreCase(r.getString(field));
        }
        return String.valueOf(plain(now)).equalsIgnoreCase(r.getString(field));
    }
}
