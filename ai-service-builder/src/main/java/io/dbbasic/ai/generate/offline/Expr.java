package io.dbbasic.ai.generate.offline;

import io.dbbasic.hooks.Row;
import java.math.BigDecimal;
import java.util.Set;

/** Arithmetic over fields and numbers, in BigDecimal; a missing field counts as 0. */
sealed interface Expr {
    record Lit(BigDecimal value) implements Expr {}

    record Ref(String field) implements Expr {}

    record Bin(char op, Expr left, Expr right) implements Expr {}

    default String java() {
        if (this instanceof Lit l) {
            return "new BigDecimal(" + Code.lit(l.value().toPlainString()) + ")";
        }
        if (this instanceof Ref f) {
            return "num(r, " + Code.lit(f.field()) + ")";
        }
        var b = (Bin) this;
        switch (b.op()) {
            case '+': return "(" + b.left().java() + ").add(" + b.right().java() + ")";
            case '-': return "(" + b.left().java() + ").subtract(" + b.right().java() + ")";
            case '*': return "(" + b.left().java() + ").multiply(" + b.right().java() + ")";
            default: return "div(" + b.left().java() + ", " + b.right().java() + ")";
        }
    }

    default BigDecimal eval(Row r) {
        if (this instanceof Lit l) {
            return l.value();
        }
        if (this instanceof Ref f) {
            return Helpers.num(r, f.field());
        }
        var b = (Bin) this;
        var x = b.left().eval(r);
        var y = b.right().eval(r);
        switch (b.op()) {
            case '+': return x.add(y);
            case '-': return x.subtract(y);
            case '*': return x.multiply(y);
            default: return Helpers.div(x, y);
        }
    }

    default String describe() {
        if (this instanceof Lit l) {
            return l.value().toPlainString();
        }
        if (this instanceof Ref f) {
            return f.field();
        }
        var b = (Bin) this;
        return "(" + b.left().describe() + " " + b.op() + " " + b.right().describe() + ")";
    }

    default void fields(Set<String> into) {
        if (this instanceof Ref f) {
            into.add(f.field());
        } else if (this instanceof Bin b) {
            b.left().fields(into);
            b.right().fields(into);
        }
    }
}
