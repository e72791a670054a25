package io.dbbasic.crud.records;

import static io.dbbasic.common.storage.Sql.ident;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.Forbidden;
import io.dbbasic.common.errors.NotAuthenticated;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Operation;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.model.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The permission rules of CONTRACT §9, decided for one caller: on one record in memory, and for reads
 * as an SQL predicate so that lists and totals only ever see readable rows. Rules grant exactly what they
 * say: {@code owner} is the owner alone (write {@code owner_or_admin} to include admins), a role rule
 * needs that role, a status value missing from a status map means {@code admin}, and a condition never
 * grants. The owner of a record is its owner field's account ({@code auto_user_add} or
 * {@code ui.default_current_user}); in the account resource, each record owns itself.
 *
 * <p>Pure and thread-safe: realtime dispatch calls {@link #allows} for every event and subscriber.
 */
final class RecordAccess {
    private RecordAccess() {}

    /** Whether {@code rule} lets {@code caller} act on {@code record} (its public or typed form). */
    static boolean allows(Rule rule, Resource resource, Caller caller, Map<String, Object> record) {
        if (rule instanceof Rule.Builtin builtin) {
            return switch (builtin.kind()) {
                case PUBLIC -> true;
                case AUTHENTICATED -> caller.authenticated();
                case ADMIN -> caller.isAdmin();
                case OWNER -> owns(resource, caller, record);
                case OWNER_OR_ADMIN -> caller.isAdmin() || owns(resource, caller, record);
            };
        }
        if (rule instanceof Rule.Role role) {
            return caller.roles().contains(role.name());
        }
        if (rule instanceof Rule.AnyOf any) {
            return any.rules().stream().anyMatch(r -> allows(r, resource, caller, record));
        }
        if (rule instanceof Rule.ByStatus byStatus) {
            var value = record.get(byStatus.field());
            return allows(value == null ? Rule.ADMIN : byStatus.forValue(String.valueOf(value)), resource, caller, record);
        }
        return false;   // Rule.Condition: DBBasic knows no conditions, and an unknown one never grants
    }

    /** Whether some record could pass {@code rule} for {@code caller}; when none could, a request is refused outright. */
    static boolean couldAllow(Rule rule, Resource resource, Caller caller) {
        return !predicate(rule, resource, caller).equals(Pred.FALSE);
    }

    /** Throws 401 (anonymous, and the rule needs an account) or 403 when {@code rule} refuses {@code record}. */
    static void require(Operation operation, Rule rule, Resource resource, Caller caller, Map<String, Object> record) {
        if (!allows(rule, resource, caller, record)) {
            throw refusal(operation, rule, resource, caller);
        }
    }

    static RuntimeException refusal(Operation operation, Rule rule, Resource resource, Caller caller) {
        var what = operation.yamlName() + " on " + resource.name() + " (rule: " + describe(rule) + ")";
        if (!caller.authenticated()) {
            return new NotAuthenticated(what + " needs an account: log in with POST /api/auth/login {\"username\",\"password\"} "
                    + "and send the token as `Authorization: Bearer <token>`");
        }
        return new Forbidden(what + " is not allowed for " + caller.username());
    }

    /** The read rule as SQL over the resource's table; {@link ReadFilter#ALL} when every row is readable. */
    static ReadFilter readFilter(Resource resource, Caller caller) {
        var pred = predicate(resource.permissions().of(Operation.READ), resource, caller);
        if (pred.equals(Pred.TRUE)) {
            return ReadFilter.ALL;
        }
        if (pred.equals(Pred.FALSE)) {
            return new ReadFilter("FALSE", List.of());
        }
        return new ReadFilter(pred.sql(), pred.params());
    }

    /** A rule as YAML would write it, for messages. */
    static String describe(Rule rule) {
        if (rule instanceof Rule.Builtin builtin) {
            return builtin.kind().yamlName();
        }
        if (rule instanceof Rule.Role role) {
            return "role " + role.name();
        }
        if (rule instanceof Rule.AnyOf any) {
            return any.rules().stream().map(RecordAccess::describe).collect(Collectors.joining(", ", "[", "]"));
        }
        if (rule instanceof Rule.ByStatus byStatus) {
            var parts = new LinkedHashMap<String, String>();
            byStatus.byValue().forEach((value, r) -> parts.put(value, describe(r)));
            return byStatus.field() + " " + parts + ", others admin";
        }
        return "condition " + ((Rule.Condition) rule).name() + ", which never grants";
    }

    private static boolean owns(Resource resource, Caller caller, Map<String, Object> record) {
        if (!caller.authenticated() || caller.isService()) {
            return false;
        }
        var owner = ownerColumn(resource).map(record::get).orElse(null);
        return owner instanceof Number number && number.longValue() == caller.userId();
    }

    /** The column that names a record's owner: the owner field, or the id in the account resource. */
    private static Optional<String> ownerColumn(Resource resource) {
        if (resource.auth()) {
            return Optional.of(resource.primaryKey().name());
        }
        return resource.ownerField().filter(f -> f.type() instanceof FieldType.ForeignKey || f.type() instanceof FieldType.Integer)
                .map(f -> f.name());
    }

    // ---- the read rule as SQL: a tiny predicate algebra that folds what the caller alone decides

    private record Pred(String sql, List<Object> params) {
        static final Pred TRUE = new Pred("TRUE", List.of());
        static final Pred FALSE = new Pred("FALSE", List.of());

        static Pred of(boolean value) {
            return value ? TRUE : FALSE;
        }

        static Pred or(List<Pred> parts) {
            var kept = new ArrayList<Pred>();
            for (var part : parts) {
                if (part.equals(TRUE)) {
                    return TRUE;
                }
                if (!part.equals(FALSE) && !kept.contains(part)) {
                    kept.add(part);
                }
            }
            if (kept.isEmpty()) {
                return FALSE;
            }
            if (kept.size() == 1) {
                return kept.get(0);
            }
            return join(kept, " OR ");
        }

        static Pred and(Pred a, Pred b) {
            if (a.equals(FALSE) || b.equals(FALSE)) {
                return FALSE;
            }
            if (a.equals(TRUE)) {
                return b;
            }
            if (b.equals(TRUE)) {
                return a;
            }
            return join(List.of(a, b), " AND ");
        }

        private static Pred join(List<Pred> parts, String operator) {
            var params = new ArrayList<Object>();
            parts.forEach(p -> params.addAll(p.params()));
            return new Pred(parts.stream().map(p -> "(" + p.sql() + ")").collect(Collectors.joining(operator)), params);
        }
    }

    private static Pred predicate(Rule rule, Resource resource, Caller caller) {
        if (rule instanceof Rule.Builtin builtin) {
            return switch (builtin.kind()) {
                case PUBLIC -> Pred.TRUE;
                case AUTHENTICATED -> Pred.of(caller.authenticated());
                case ADMIN -> Pred.of(caller.isAdmin());
                case OWNER -> ownerPredicate(resource, caller);
                case OWNER_OR_ADMIN -> caller.isAdmin() ? Pred.TRUE : ownerPredicate(resource, caller);
            };
        }
        if (rule instanceof Rule.Role role) {
            return Pred.of(caller.roles().contains(role.name()));
        }
        if (rule instanceof Rule.AnyOf any) {
            return Pred.or(any.rules().stream().map(r -> predicate(r, resource, caller)).toList());
        }
        if (rule instanceof Rule.ByStatus byStatus) {
            return statusPredicate(byStatus, resource, caller);
        }
        return Pred.FALSE;
    }

    private static Pred ownerPredicate(Resource resource, Caller caller) {
        if (!caller.authenticated() || caller.isService()) {
            return Pred.FALSE;
        }
        return ownerColumn(resource).map(column -> new Pred(ident(column) + " = ?", List.<Object>of(caller.userId()))).orElse(Pred.FALSE);
    }

    /**
     * {@code status IN (values that grant outright) OR (status IN (owner values) AND owner = ?) …}; values
     * missing from the map, and a missing status, fall to the admin rule.
     */
    private static Pred statusPredicate(Rule.ByStatus byStatus, Resource resource, Caller caller) {
        var column = ident(byStatus.field());
        var byPredicate = new LinkedHashMap<Pred, List<String>>();
        byStatus.byValue().forEach((value, rule) ->
                byPredicate.computeIfAbsent(predicate(rule, resource, caller), p -> new ArrayList<>()).add(value));
        var parts = new ArrayList<Pred>();
        byPredicate.forEach((pred, values) -> parts.add(Pred.and(new Pred(column + " IN (" + placeholders(values.size()) + ")",
                new ArrayList<Object>(values)), pred)));
        if (caller.isAdmin()) {
            var listed = new ArrayList<Object>(byStatus.byValue().keySet());
            parts.add(new Pred(column + " IS NULL" + (listed.isEmpty() ? "" : " OR " + column + " NOT IN (" + placeholders(listed.size()) + ")"), listed));
        }
        return Pred.or(parts);
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }
}
