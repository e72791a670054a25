package io.dbbasic.crud.records;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.ApiException;
import io.dbbasic.common.errors.Conflict;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.errors.PreconditionFailed;
import io.dbbasic.common.errors.ValidationFailed;
import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.model.Auto;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What each {@link Mutation} does, on the writer's connection inside its transaction. Every mutation
 * first checks (reads only: existence, uniqueness, references, workflow, If-Match) and only then writes,
 * so a refused mutation leaves the shared transaction clean for the others in its batch.
 */
final class Mutations {
    /** Looks up ids of a resource that may live in another database file; returns those with no record. */
    @FunctionalInterface
    interface ForeignIds {
        List<Long> missing(Resource target, Collection<Long> ids);
    }

    private final String database;
    private final Supplier<AppModel> model;
    private final FieldCodec codec;
    private final RecordJson recordJson;
    private final ForeignIds foreign;
    private final Clock clock;
    /** Creates waiting to be appended with the rest of the group; the writer thread's, like every call here. */
    private final BufferedInserts buffered;

    Mutations(String database, Supplier<AppModel> model, FieldCodec codec, RecordJson recordJson, ForeignIds foreign, Clock clock,
              TableAppender appender) {
        this.database = database;
        this.model = model;
        this.codec = codec;
        this.recordJson = recordJson;
        this.foreign = foreign;
        this.clock = clock;
        this.buffered = new BufferedInserts(appender);
    }

    List<Change> apply(Connection conn, Sequences sequences, Mutation mutation) throws SQLException {
        var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (mutation instanceof Mutation.Create create && bufferable(create.resource())) {
            return List.of(create(conn, sequences, create, now, true));
        }
        buffered.flush(conn);   // what follows may read what the buffered creates wrote
        if (mutation instanceof Mutation.Create create) {
            return List.of(create(conn, sequences, create, now, false));
        }
        if (mutation instanceof Mutation.Update update) {
            var change = update(conn, sequences, update, now);
            return change == null ? List.of() : List.of(change);
        }
        if (mutation instanceof Mutation.Delete delete) {
            return delete(conn, sequences, delete, now);
        }
        if (mutation instanceof Mutation.CreateWithHidden create) {
            var table = new RecordTable(create.resource(), codec);
            checkHiddenUnique(table, conn, create.hidden(), create.uniqueIgnoringCase(), null);
            var change = create(conn, sequences, create.create(), now, false);   // inserted now: the hidden columns are set on the row next
            table.setHidden(conn, change.id(), create.hidden());
            return List.of(change);
        }
        if (mutation instanceof Mutation.SetHidden set) {
            var table = new RecordTable(set.resource(), codec);
            if (!table.exists(conn, set.id())) {
                throw notFound(set.resource(), set.id());
            }
            checkHiddenUnique(table, conn, set.hidden(), set.uniqueIgnoringCase(), set.id());
            table.setHidden(conn, set.id(), set.hidden());
            return List.of();
        }
        return allOrNothing(conn, sequences, (Mutation.AllOrNothing) mutation);
    }

    /**
     * Inserts the creates buffered in this transaction (see {@link BufferedInserts}). The writer calls it after
     * the last mutation of a group, before the change log.
     */
    void flushInserts(Connection conn) throws SQLException {
        buffered.flush(conn);
    }

    /** Drops buffered creates: a transaction begins, or its group failed and rolled back. */
    void discardInserts() {
        buffered.clear();
    }

    /**
     * A create can wait to be appended with the rest of the group when its checks read nothing from the database and its
     * insert writes one row only: no unique, foreign_key, many_to_many or file field.
     */
    private static boolean bufferable(Resource resource) {
        for (var field : resource.fields()) {
            var type = field.type();
            if (field.unique() || type instanceof FieldType.ForeignKey || type instanceof FieldType.ManyToMany || type instanceof FieldType.File) {
                return false;
            }
        }
        return true;
    }

    private Change create(Connection conn, Sequences sequences, Mutation.Create create, Instant now, boolean buffer) throws SQLException {
        var resource = create.resource();
        var table = new RecordTable(resource, codec);
        var values = new LinkedHashMap<>(create.values());
        fillServerFields(resource, values, create.caller(), now, true);
        resource.workflowIfAny().ifPresent(workflow -> {
            var state = values.get(workflow.field());
            if (state != null && !workflow.initial().isEmpty() && !workflow.initial().contains(state)) {
                throw new ValidationFailed(Map.of(workflow.field(), "a new record starts as one of " + String.join(", ", workflow.initial())));
            }
        });
        checkUnique(conn, table, values, null);
        checkReferences(conn, resource, values);
        if (!sequences.knowsIds(resource.name())) {
            buffered.flush(conn);
            sequences.startIdsAfter(resource.name(), table.maxId(conn));
        }
        var id = sequences.nextId(resource.name());
        Upload.placeAll(resource, id, values);   // files uploaded with a create go under its id, known only now
        if (buffer) {
            buffered.add(table, id, values);
        } else {
            table.insert(conn, id, values);
        }
        var record = built(resource, id, values);
        return change(sequences, resource, Change.Type.CREATED, id, record, RecordJson.diff(resource, null, record), create.caller(), now);
    }

    private Change update(Connection conn, Sequences sequences, Mutation.Update update, Instant now) throws SQLException {
        var resource = update.resource();
        var table = new RecordTable(resource, codec);
        var current = table.find(conn, update.id()).orElseThrow(() -> notFound(resource, update.id()));
        checkIfMatch(resource, current, update.ifMatch());
        var values = new LinkedHashMap<>(update.values());
        Upload.placeAll(resource, update.id(), values);
        fillServerFields(resource, values, update.caller(), now, false);
        var merged = new LinkedHashMap<>(current);
        merged.putAll(values);
        var record = built(resource, update.id(), merged);
        var changes = RecordJson.diff(resource, current, record);
        if (changes.isEmpty() || onlyAutoTimestamps(resource, changes)) {
            return null;
        }
        resource.workflowIfAny().ifPresent(workflow -> {
            var from = (String) current.get(workflow.field());
            var to = (String) record.get(workflow.field());
            if (from != null && to != null && !workflow.allows(from, to)) {
                var allowed = workflow.state(from).map(s -> s.transitions()).orElse(List.of());
                throw new Conflict(workflow.field() + " cannot move from " + from + " to " + to
                        + (allowed.isEmpty() ? " (" + from + " is final)" : "; allowed: " + String.join(", ", allowed)));
            }
        });
        var changedValues = new LinkedHashMap<String, Object>();
        changes.keySet().forEach(name -> changedValues.put(name, merged.get(name)));
        checkUnique(conn, table, changedValues, update.id());
        checkReferences(conn, resource, changedValues);
        table.update(conn, update.id(), changedValues);
        return change(sequences, resource, Change.Type.UPDATED, update.id(), record, changes, update.caller(), now);
    }

    private List<Change> delete(Connection conn, Sequences sequences, Mutation.Delete delete, Instant now) throws SQLException {
        var resource = delete.resource();
        var current = new RecordTable(resource, codec).find(conn, delete.id()).orElseThrow(() -> notFound(resource, delete.id()));
        checkIfMatch(resource, current, delete.ifMatch());
        var plan = new DeletePlan();
        plan(conn, resource, delete.id(), current, plan);
        var changes = new ArrayList<Change>();
        for (var unset : plan.unsets) {
            var table = new RecordTable(unset.resource, codec);
            var before = table.find(conn, unset.id).orElseThrow();
            var values = new LinkedHashMap<String, Object>();
            for (var field : unset.fields) {
                if (field.type() instanceof FieldType.ManyToMany m2m) {
                    @SuppressWarnings("unchecked")
                    var ids = new ArrayList<>((List<Long>) before.get(field.name()));
                    ids.removeAll(plan.deletedIds(m2m.references()));
                    values.put(field.name(), ids);
                } else {
                    values.put(field.name(), null);
                }
            }
            table.update(conn, unset.id, values);
            var merged = new LinkedHashMap<>(before);
            merged.putAll(values);
            var after = built(unset.resource, unset.id, merged);
            changes.add(change(sequences, unset.resource, Change.Type.UPDATED, unset.id, after,
                    RecordJson.diff(unset.resource, before, after), delete.caller(), now));
        }
        for (var gone : plan.deletes) {
            new RecordTable(gone.resource, codec).delete(conn, gone.id);
            changes.add(change(sequences, gone.resource, Change.Type.DELETED, gone.id, gone.record,
                    RecordJson.diff(gone.resource, gone.record, null), delete.caller(), now));
        }
        return changes;
    }

    private List<Change> allOrNothing(Connection conn, Sequences sequences, Mutation.AllOrNothing batch) throws SQLException {
        var changes = new ArrayList<Change>();
        for (var i = 0; i < batch.items().size(); i++) {
            try {
                changes.addAll(apply(conn, sequences, batch.items().get(i)));
            } catch (ApiException e) {
                throw new ItemFailed(i, e);
            }
        }
        return changes;
    }

    /** Item {@code index} of an all-or-nothing batch was refused; the whole batch rolls back. */
    static final class ItemFailed extends RuntimeException {
        final int index;
        final transient ApiException cause;

        ItemFailed(int index, ApiException cause) {
            super("item " + index + ": " + cause.getMessage(), cause, false, false);
            this.index = index;
            this.cause = cause;
        }
    }

    // ---- delete planning: restrict is checked across the whole cascade before anything is written

    private record Doomed(Resource resource, long id, Map<String, Object> record) {}

    private record Unset(Resource resource, long id, List<Field> fields) {}

    private static final class DeletePlan {
        final List<Doomed> deletes = new ArrayList<>();
        final List<Unset> unsets = new ArrayList<>();
        final LinkedHashSet<String> seen = new LinkedHashSet<>();

        List<Long> deletedIds(String resource) {
            return deletes.stream().filter(d -> d.resource().name().equals(resource)).map(Doomed::id).toList();
        }
    }

    private void plan(Connection conn, Resource resource, long id, Map<String, Object> record, DeletePlan plan) throws SQLException {
        if (!plan.seen.add(resource.name() + "/" + id)) {
            return;
        }
        for (var other : model.get().resources()) {
            if (!other.database().equals(database)) {
                continue;   // on_delete is not kept across database files (CONTRACT §3)
            }
            var table = new RecordTable(other, codec);
            for (var field : other.fields()) {
                if (field.type() instanceof FieldType.ForeignKey fk && fk.references().equals(resource.name())) {
                    var referencing = table.referencing(conn, field, id);
                    referencing.removeIf(r -> plan.seen.contains(other.name() + "/" + r));
                    if (referencing.isEmpty()) {
                        continue;
                    }
                    switch (fk.onDelete()) {
                        case RESTRICT -> throw new Conflict(resource.name() + " " + id + " is still referenced by "
                                + referencing.size() + " " + other.name() + " (" + field.name() + "); delete or change those first",
                                Map.of("referenced_by", Map.of("resource", other.name(), "field", field.name(), "ids", referencing.stream().limit(20).toList())));
                        case CASCADE -> {
                            for (var child : table.findMany(conn, referencing)) {
                                plan(conn, other, (Long) child.get(other.primaryKey().name()), child, plan);
                            }
                        }
                        case SET_NULL -> referencing.forEach(r -> plan.unsets.add(new Unset(other, r, List.of(field))));
                    }
                } else if (field.type() instanceof FieldType.ManyToMany m2m && m2m.references().equals(resource.name())) {
                    for (var source : table.referencing(conn, field, id)) {
                        if (!plan.seen.contains(other.name() + "/" + source)) {
                            plan.unsets.add(new Unset(other, source, List.of(field)));
                        }
                    }
                }
            }
        }
        plan.deletes.add(new Doomed(resource, id, record));
        plan.unsets.removeIf(u -> u.resource().name().equals(resource.name()) && u.id() == id);
    }

    // ---- checks

    private void fillServerFields(Resource resource, Map<String, Object> values, Caller caller, Instant now, boolean creating) {
        for (var field : resource.fields()) {
            var auto = field.auto();
            if (auto.contains(Auto.NOW) || creating && auto.contains(Auto.NOW_ADD)) {
                values.put(field.name(), field.type() instanceof FieldType.Date ? java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC) : now);
            }
            // a service caller has no account: it leaves account fields empty rather than naming account 0
            var account = caller == null || !caller.authenticated() || caller.isService() ? null : caller.userId();
            if (auto.contains(Auto.USER) || creating && auto.contains(Auto.USER_ADD)) {
                values.put(field.name(), account);
            }
            if (creating && field.ui().defaultCurrentUser() && values.get(field.name()) == null && account != null) {
                values.put(field.name(), account);
            }
        }
    }

    private static void checkHiddenUnique(RecordTable table, Connection conn, Map<String, Object> hidden, Map<String, String> unique,
                                          Long except) throws SQLException {
        for (var column : unique.entrySet()) {
            if (hidden.get(column.getKey()) instanceof String value && table.hiddenHolderOf(conn, column.getKey(), value, except).isPresent()) {
                throw new Conflict(column.getValue() + " `" + value + "` is already taken", Map.of("errors", Map.of(column.getValue(), "is already taken")));
            }
        }
    }

    private void checkUnique(Connection conn, RecordTable table, Map<String, Object> values, Long except) throws SQLException {
        for (var field : table.resource().fields()) {
            var value = values.get(field.name());
            if (field.unique() && value != null && table.holderOf(conn, field, value, except).isPresent()) {
                throw new Conflict(field.name() + " `" + value + "` is already taken", Map.of("errors", Map.of(field.name(), "is already taken")));
            }
        }
    }

    private void checkReferences(Connection conn, Resource resource, Map<String, Object> values) throws SQLException {
        var errors = new LinkedHashMap<String, String>();
        for (var field : resource.fields()) {
            var value = values.get(field.name());
            if (value == null) {
                continue;
            }
            String target = null;
            List<Long> ids = List.of();
            if (field.type() instanceof FieldType.ForeignKey fk) {
                target = fk.references();
                ids = List.of((Long) value);
            } else if (field.type() instanceof FieldType.ManyToMany m2m) {
                target = m2m.references();
                @SuppressWarnings("unchecked")
                var list = (List<Long>) value;
                ids = list;
            }
            if (target == null || ids.isEmpty()) {
                continue;
            }
            var missing = missing(conn, target, ids);
            if (!missing.isEmpty()) {
                errors.put(field.name(), "no " + target + " with id " + String.join(", ", missing.stream().map(String::valueOf).toList()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
    }

    private List<Long> missing(Connection conn, String targetName, List<Long> ids) throws SQLException {
        var target = model.get().resource(targetName);
        if (target.isEmpty()) {
            return foreign.missing(null, ids);
        }
        if (target.get().database().equals(database)) {
            return new RecordTable(target.get(), codec).missing(conn, ids);
        }
        return foreign.missing(target.get(), ids);
    }

    private void checkIfMatch(Resource resource, Map<String, Object> current, String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        var etag = recordJson.etag(recordJson.toPublic(resource, current));
        var matches = java.util.Arrays.stream(ifMatch.split(",")).map(String::trim)
                .map(t -> t.startsWith("W/") ? t.substring(2) : t).anyMatch(etag::equals);
        if (!matches) {
            throw new PreconditionFailed("the record has changed since you read it (ETag " + etag + ")");
        }
    }

    private static boolean onlyAutoTimestamps(Resource resource, Map<String, List<Object>> changes) {
        return changes.keySet().stream().allMatch(name -> resource.field(name).map(f -> f.auto().contains(Auto.NOW)).orElse(false));
    }

    private static NotFound notFound(Resource resource, long id) {
        return new NotFound("no " + resource.name() + " with id " + id);
    }

    private Map<String, Object> built(Resource resource, long id, Map<String, Object> values) {
        var record = new LinkedHashMap<String, Object>();
        for (var field : resource.fields()) {
            if (field.isPrimaryKey()) {
                record.put(field.name(), id);
            } else if (field.type() instanceof FieldType.ManyToMany) {
                var links = values.get(field.name());
                record.put(field.name(), links == null ? List.of() : RecordJson.normalize(field, links));
            } else {
                record.put(field.name(), RecordJson.normalize(field, values.get(field.name())));
            }
        }
        return record;
    }

    /** The change in its public form: files as {@code {"name","url","size","content_type"}}, in the record and the diff. */
    private Change change(Sequences sequences, Resource resource, Change.Type type, long id, Map<String, Object> record,
                          Map<String, List<Object>> changes, Caller caller, Instant now) {
        var publicChanges = new LinkedHashMap<String, List<Object>>();
        changes.forEach((name, pair) -> {
            var field = resource.field(name).orElseThrow();
            var converted = new ArrayList<>(2);
            for (var value : pair) {
                converted.add(RecordJson.publicValue(resource, id, field, value));
            }
            publicChanges.put(field.name(), converted);
        });
        return new Change(resource.name(), sequences.nextPosition(resource.name()), type, id, recordJson.toPublic(resource, record),
                publicChanges, caller == null ? null : caller.asJson(), now, UUID.randomUUID());
    }
}
