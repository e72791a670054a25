package io.dbbasic.crud.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.ApiException;
import io.dbbasic.common.errors.Conflict;
import io.dbbasic.common.errors.DependencyDown;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.errors.ValidationFailed;
import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.HookEvent;
import io.dbbasic.common.model.Operation;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.storage.DuckDbFile;
import io.dbbasic.crud.storage.Databases;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The records of every resource: reads (through the id cache), and writes (validated here, then carried
 * out by the writer thread of the resource's database file). The one domain entry point the routes call.
 */
public final class Records implements AutoCloseable {
    /** How long a request waits for its write to commit before answering 503. */
    private static final long WRITE_TIMEOUT_SECONDS = 30;

    public record Found(Map<String, Object> record, String etag) {}

    public record Page(List<Map<String, Object>> records, long total, int limit, int offset) {}

    private final Databases databases;
    private final Supplier<AppModel> model;
    private final FieldCodec codec;
    private final RecordJson recordJson;
    private final WriteInput input;
    private final QueryParser queries;
    private final RecordCache cache = new RecordCache(20_000);
    private final PageCache pages = new PageCache(20_000);
    private final WriteHooks hooks;
    private final ObjectMapper json;
    private final Clock clock;
    private final ChangeLog changeLog;
    private final Map<String, Writer> writers = new ConcurrentHashMap<>();
    private final List<Consumer<List<Change>>> listeners = new CopyOnWriteArrayList<>();
    private final Supplier<Resource> accounts;

    /**
     * {@code accounts}: the resource that holds the accounts (the app's {@code auth: true} resource, or the
     * built-in one); {@code references: users} resolves to it when the app declares no {@code users}.
     */
    public Records(Databases databases, Supplier<AppModel> model, ObjectMapper json, Clock clock, WriteHooks hooks,
                   Supplier<Resource> accounts) {
        this.databases = databases;
        this.model = model;
        this.accounts = accounts;
        this.json = json;
        this.clock = clock;
        this.hooks = hooks;
        this.codec = new FieldCodec(json);
        this.recordJson = new RecordJson(json);
        this.input = new WriteInput(codec, new Rules());
        this.queries = new QueryParser(codec);
        this.changeLog = new ChangeLog(json);
    }

    /** Listeners run on a writer thread right after each commit, in commit order per database file. */
    public void onCommitted(Consumer<List<Change>> listener) {
        listeners.add(listener);
    }

    /** A resource's fields (or table) changed: cached JSON forms may be stale. */
    public void schemaChanged(String resource) {
        pages.changed(resource);
        cache.forget(resource);
    }

    // ---- reads

    public ListQuery parseQuery(Resource resource, Map<String, List<String>> params) {
        return queries.parse(resource, params, java.util.Set.of());
    }

    /**
     * A custom endpoint's query: the request's own list parameters, narrowed by the endpoint's filters,
     * sorted by the endpoint's ordering unless the request sorts.
     */
    ListQuery customQuery(Resource resource, Map<String, List<String>> params, List<ListQuery.Filter> filters, List<String> ordering) {
        var query = queries.parse(resource, params, java.util.Set.of()).withFilters(filters);
        return query.withSortIfNone(queries.sort(resource, String.join(",", ordering)));
    }

    /** One list filter ({@code status=published}, {@code price[gte]=10}), parsed and typed; 400 when unknown. */
    public ListQuery.Filter filter(Resource resource, String key, String value) {
        return queries.filter(resource, key, value);
    }

    /**
     * The committed changes of {@code resource} after {@code position}, in order, at most {@code limit}
     * (the realtime resume log). Positions increase by exactly one per change.
     */
    public List<Change> changesSince(Resource resource, long position, int limit) {
        writer(resource);   // its writer creates the change table: a resource never written to has none yet
        return databases.file(resource.database()).withConnection(conn -> changeLog.since(conn, resource.name(), position, limit));
    }

    /** The position of the last committed change of {@code resource}; 0 before its first change. */
    public long lastPosition(Resource resource) {
        writer(resource);
        return databases.file(resource.database()).withConnection(conn -> changeLog.lastPosition(conn, resource.name()));
    }

    /** A record the caller may read: 401/403 when the read rule grants the caller nothing, 404 when not this one. */
    public Found get(Resource resource, long id, Caller caller) {
        var rule = resource.permissions().of(Operation.READ);
        if (!RecordAccess.couldAllow(rule, resource, caller)) {
            throw RecordAccess.refusal(Operation.READ, rule, resource, caller);
        }
        // a record the caller may not read answers exactly as one that does not exist: its existence is not leaked
        return find(resource, id).filter(found -> RecordAccess.allows(rule, resource, caller, found.record()))
                .orElseThrow(() -> notFound(resource, id));
    }

    /** A record, whoever asks: for checks inside the write path, never for a reply. */
    Found get(Resource resource, long id) {
        return find(resource, id).orElseThrow(() -> notFound(resource, id));
    }

    private static NotFound notFound(Resource resource, long id) {
        return new NotFound("no " + resource.name() + " with id " + id);
    }

    // ---- permissions (CONTRACT §9)

    /**
     * The rows of {@code resource} that {@code caller} may read, as an SQL predicate (parameters only): what
     * lists and totals apply, and what exports, aggregates and every other read for a caller must apply
     * (through {@link SqlWhere#of(Resource, ListQuery, FieldCodec, ReadFilter)}). Throws 401 (anonymous) or
     * 403 when the read rule could grant this caller no record at all.
     */
    public ReadFilter readFilter(Resource resource, Caller caller) {
        var rule = resource.permissions().of(Operation.READ);
        if (!RecordAccess.couldAllow(rule, resource, caller)) {
            throw RecordAccess.refusal(Operation.READ, rule, resource, caller);
        }
        return RecordAccess.readFilter(resource, caller);
    }

    /**
     * Whether {@code caller} may do {@code operation} on {@code record} (its public JSON form), or on some
     * record when it is null: for pages that offer only what the API would allow.
     */
    public boolean may(Operation operation, Resource resource, Caller caller, Map<String, Object> record) {
        var rule = resource.permissions().of(operation);
        return record == null ? RecordAccess.couldAllow(rule, resource, caller) : RecordAccess.allows(rule, resource, caller, record);
    }

    /**
     * Whether {@code caller} may read {@code record} (its public JSON form, as in a change event). Pure and
     * fast: realtime asks it for every event and subscriber.
     */
    public boolean mayRead(Caller caller, Resource resource, Map<String, Object> record) {
        return RecordAccess.allows(resource.permissions().of(Operation.READ), resource, caller, record);
    }

    /**
     * Refuses (401/403/422) a create the rules do not allow: the create rule is checked on the record as it
     * would be stored (its status, and the caller as owner), and only an admin may name another account in
     * the owner field. {@code values} are typed field values; an owner value may be added.
     */
    void authorizeCreate(Resource resource, Map<String, Object> values, Caller caller) {
        checkOwnerValue(resource, values, null, caller);
        var proposed = new LinkedHashMap<>(values);
        resource.ownerField().ifPresent(owner -> {
            if (proposed.get(owner.name()) == null || owner.serverManaged()) {
                proposed.put(owner.name(), caller.authenticated() && !caller.isService() ? caller.userId() : null);
            }
        });
        RecordAccess.require(Operation.CREATE, resource.permissions().of(Operation.CREATE), resource, caller, proposed);
    }

    /**
     * Refuses at once (401/403) a caller whom the create rule could never let in, before its body is
     * even validated: an anonymous client hears "log in", not what its body lacks.
     */
    void mayEver(Operation operation, Resource resource, Caller caller) {
        var rule = resource.permissions().of(operation);
        if (!RecordAccess.couldAllow(rule, resource, caller)) {
            throw RecordAccess.refusal(operation, rule, resource, caller);
        }
    }

    /** The stored record, if the caller may change it by {@code operation}: 404 when it may not read it, 401/403 when not change it. */
    private Found authorizeChange(Operation operation, Resource resource, long id, Caller caller) {
        var stored = get(resource, id, caller);
        RecordAccess.require(operation, resource.permissions().of(operation), resource, caller, stored.record());
        return stored;
    }

    /**
     * Only an admin may set the owner field to another account. On an update, a non-admin's empty owner
     * value (a PUT that leaves it out) keeps the stored owner.
     */
    private static void checkOwnerValue(Resource resource, Map<String, Object> values, Map<String, Object> previous, Caller caller) {
        var field = resource.ownerField().filter(f -> !f.serverManaged()).orElse(null);
        if (field == null || caller.isAdmin() || !values.containsKey(field.name())) {
            return;
        }
        var value = values.get(field.name());
        var stored = previous == null ? null : previous.get(field.name());
        if (value == null) {
            if (previous != null) {
                values.put(field.name(), stored instanceof Number n ? n.longValue() : null);
            }
            return;
        }
        var own = caller.authenticated() && !caller.isService() && value instanceof Long id && id == caller.userId();
        var unchanged = stored instanceof Number n && value instanceof Long id && id == n.longValue();
        if (!own && !unchanged) {
            throw new ValidationFailed(Map.of(field.name(), "only an admin may set another account here; leave it out to use your own"));
        }
    }

    Optional<Found> find(Resource resource, long id) {
        return cache.get(resource, id, key -> databases.file(resource.database())
                        .withConnection(conn -> new RecordTable(resource, codec).find(conn, id))
                        .map(record -> entry(resource, recordJson.toPublic(resource, record))))
                .map(entry -> new Found(entry.record(), entry.etag()));
    }

    /** A page of the records the caller may read; {@code total} counts only those. */
    public Page list(Resource resource, ListQuery query, Caller caller) {
        var readable = readFilter(resource, caller);
        var sorted = query.withSortIfNone(queries.sort(resource, String.join(",", resource.interfaceOptions().ordering())));
        return pages.get(resource, sorted, readable, () -> {
            var found = databases.file(resource.database()).withConnection(conn -> new RecordTable(resource, codec).page(conn, sorted, readable));
            var records = new ArrayList<Map<String, Object>>(found.records().size());
            for (var row : found.records()) {
                records.add(java.util.Collections.unmodifiableMap(shaped(resource, recordJson.toPublic(resource, row), sorted, caller)));
            }
            return new Page(List.copyOf(records), found.total(), sorted.limit(), sorted.offset());
        });
    }

    /** How many records the caller may read; 0 when the read rule grants it none. */
    public long count(Resource resource, Caller caller) {
        var rule = resource.permissions().of(Operation.READ);
        if (!RecordAccess.couldAllow(rule, resource, caller)) {
            return 0;
        }
        var readable = RecordAccess.readFilter(resource, caller);
        return databases.file(resource.database()).withConnection(conn -> new RecordTable(resource, codec).count(conn, readable));
    }

    /** The fields {@code ?q=} searches (the admin UI's search box says which). */
    public static List<io.dbbasic.common.model.Field> searchFields(Resource resource) {
        return SqlWhere.searchFields(resource);
    }

    /** A record as a list or get returns it: only the asked-for fields, plus {@code _expand} (only what the caller may read). */
    public Map<String, Object> shaped(Resource resource, Map<String, Object> record, ListQuery query, Caller caller) {
        var out = new LinkedHashMap<String, Object>();
        if (query.fields().isEmpty()) {
            out.putAll(record);
        } else {
            query.fields().forEach(name -> out.put(name, record.get(name)));
        }
        if (!query.expand().isEmpty()) {
            var expanded = new LinkedHashMap<String, Object>();
            for (var name : query.expand()) {
                expanded.put(name, expand(resource.field(name).orElseThrow().type(), record.get(name), caller));
            }
            out.put("_expand", expanded);
        }
        return out;
    }

    private Object expand(FieldType type, Object value, Caller caller) {
        if (value == null) {
            return null;
        }
        var target = type instanceof FieldType.ForeignKey fk ? fk.references() : ((FieldType.ManyToMany) type).references();
        var resource = model.get().resource(target);
        if (resource.isEmpty()) {
            return null;
        }
        // a linked record is shown only to callers who may read it where it lives
        Predicate<Found> readable = found -> mayRead(caller, resource.get(), found.record());
        if (value instanceof Collection<?> ids) {
            var records = new ArrayList<Map<String, Object>>();
            for (var id : ids) {
                find(resource.get(), ((Number) id).longValue()).filter(readable).ifPresent(found -> records.add(found.record()));
            }
            return records;
        }
        return find(resource.get(), ((Number) value).longValue()).filter(readable).map(Found::record).orElse(null);
    }

    // ---- writes

    public Found create(Resource resource, JsonNode body, Caller caller) {
        return create(resource, body, Map.of(), caller);
    }

    /** {@code files}: uploaded file fields ({@link Upload}s, checked by {@link FileFields}); the body holds the other fields. */
    Found create(Resource resource, JsonNode body, Map<String, ?> files, Caller caller) {
        mayEver(Operation.CREATE, resource, caller);
        var values = new LinkedHashMap<>(checked(HookEvent.BEFORE_CREATE, resource, body, null, caller, WriteInput.Mode.CREATE, files.keySet(),
                typed -> authorizeCreate(resource, typed, caller)));
        values.putAll(files);
        var change = single(await(writer(resource).submit(new Mutation.Create(resource, values, caller))));
        hooks.after(HookEvent.AFTER_CREATE, resource, change, caller);
        return new Found(change.record(), recordJson.etag(change.record()));
    }

    /** Checks the update rule against the stored record (its stored status), then writes. */
    public Found update(Resource resource, long id, JsonNode body, boolean replace, String ifMatch, Caller caller) {
        return update(resource, id, body, Map.of(), replace, ifMatch, caller);
    }

    Found update(Resource resource, long id, JsonNode body, Map<String, ?> files, boolean replace, String ifMatch, Caller caller) {
        var previous = authorizeChange(Operation.UPDATE, resource, id, caller);
        var mode = replace ? WriteInput.Mode.REPLACE : WriteInput.Mode.MERGE;
        var values = new LinkedHashMap<>(checked(HookEvent.BEFORE_UPDATE, resource, body, previous.record(), caller, mode, files.keySet(),
                typed -> checkOwnerValue(resource, typed, previous.record(), caller)));
        values.putAll(files);
        var changes = await(writer(resource).submit(new Mutation.Update(resource, id, values, ifMatch, caller)));
        if (changes.isEmpty()) {
            return get(resource, id);
        }
        var change = single(changes);
        hooks.after(HookEvent.AFTER_UPDATE, resource, change, caller);
        return new Found(change.record(), recordJson.etag(change.record()));
    }

    /** Checks the delete rule against the stored record, then deletes (with its cascade). */
    public void delete(Resource resource, long id, String ifMatch, Caller caller) {
        var previous = authorizeChange(Operation.DELETE, resource, id, caller);
        hooks.before(HookEvent.BEFORE_DELETE, resource, json.valueToTree(previous.record()), previous.record(), caller);
        for (var change : await(writer(resource).submit(new Mutation.Delete(resource, id, ifMatch, caller)))) {
            if (change.resource().equals(resource.name()) && change.id() == id) {
                hooks.after(HookEvent.AFTER_DELETE, resource, change, caller);
            }
        }
    }

    // ---- accounts: the auth feature's writes to the account resource (its rules were checked there)

    /**
     * Creates an account record: {@code profile} holds the resource's own fields (validated as a create),
     * {@code hidden} the system columns the public model never shows (username, password hash, roles),
     * written in the same transaction. {@code uniqueIgnoringCase}: hidden columns no two records share,
     * to the name a 409 uses. Before-hooks do not run (an account made at first start must not depend on
     * the hook services being up); after-hooks do.
     */
    public Found createAccount(Resource resource, JsonNode profile, Map<String, Object> hidden, Map<String, String> uniqueIgnoringCase,
                               Caller caller) {
        var values = input.parseOrThrow(resource, profile, WriteInput.Mode.CREATE);
        var create = new Mutation.Create(resource, values, caller);
        var change = single(await(writer(resource).submit(new Mutation.CreateWithHidden(create, hidden, uniqueIgnoringCase))));
        hooks.after(HookEvent.AFTER_CREATE, resource, change, caller);
        return new Found(change.record(), recordJson.etag(change.record()));
    }

    /** Changes hidden system columns of a record, through its file's writer (no change event: the public record is unchanged). */
    public void setHidden(Resource resource, long id, Map<String, Object> hidden, Map<String, String> uniqueIgnoringCase) {
        await(writer(resource).submit(new Mutation.SetHidden(resource, id, hidden, uniqueIgnoringCase)));
    }

    /** Deletes an account record (with its cascade, and 409 while restricted references remain); the caller was checked by auth. */
    public void deleteAccount(Resource resource, long id, Caller caller) {
        get(resource, id);   // 404 when there is none
        for (var change : await(writer(resource).submit(new Mutation.Delete(resource, id, null, caller)))) {
            if (change.resource().equals(resource.name()) && change.id() == id) {
                hooks.after(HookEvent.AFTER_DELETE, resource, change, caller);
            }
        }
    }

    /** POST {base}/bulk: every record is created, or none is; errors are per index. */
    public List<Map<String, Object>> bulkCreate(Resource resource, JsonNode items, Caller caller) {
        mayEver(Operation.CREATE, resource, caller);
        var mutations = new ArrayList<Mutation>();
        var errors = new LinkedHashMap<String, Object>();
        eachItem(items, (index, item) -> {
            var itemErrors = new LinkedHashMap<String, String>();
            var values = input.parse(resource, item, WriteInput.Mode.CREATE, itemErrors);
            if (itemErrors.isEmpty()) {
                authorizeCreate(resource, values, caller);
                mutations.add(new Mutation.Create(resource, before(HookEvent.BEFORE_CREATE, resource, values, null, caller, WriteInput.Mode.CREATE, Set.of()), caller));
            } else {
                errors.put(Integer.toString(index), itemErrors);
            }
        });
        return runAll(resource, mutations, errors, HookEvent.AFTER_CREATE, caller);
    }

    /** PATCH {base}/bulk: each item names its {@code id}; all change, or none does. */
    public List<Map<String, Object>> bulkUpdate(Resource resource, JsonNode items, Caller caller) {
        mayEver(Operation.UPDATE, resource, caller);
        var idName = resource.primaryKey().name();
        var mutations = new ArrayList<Mutation>();
        var errors = new LinkedHashMap<String, Object>();
        eachItem(items, (index, item) -> {
            var itemErrors = new LinkedHashMap<String, String>();
            var id = item != null && item.path(idName).canConvertToLong() && item.path(idName).isIntegralNumber() ? item.get(idName).longValue() : null;
            if (id == null) {
                itemErrors.put(idName, "is required to say which record to change");
            }
            var body = item != null && item.isObject() ? ((com.fasterxml.jackson.databind.node.ObjectNode) item.deepCopy()).without(idName) : item;
            var values = input.parse(resource, body, WriteInput.Mode.MERGE, itemErrors);
            if (itemErrors.isEmpty()) {
                var stored = find(resource, id).filter(found -> mayRead(caller, resource, found.record()));
                if (stored.isEmpty()) {
                    errors.put(Integer.toString(index), Map.of(idName, "no " + resource.name() + " with id " + id));
                    return;
                }
                RecordAccess.require(Operation.UPDATE, resource.permissions().of(Operation.UPDATE), resource, caller, stored.get().record());
                checkOwnerValue(resource, values, stored.get().record(), caller);
                mutations.add(new Mutation.Update(resource, id, values, null, caller));
            } else {
                errors.put(Integer.toString(index), itemErrors);
            }
        });
        return runAll(resource, mutations, errors, HookEvent.AFTER_UPDATE, caller);
    }

    /** DELETE {base}/bulk: an array of ids (or of objects with an id); all go, or none does. */
    public int bulkDelete(Resource resource, JsonNode items, Caller caller) {
        mayEver(Operation.DELETE, resource, caller);
        var idName = resource.primaryKey().name();
        var mutations = new ArrayList<Mutation>();
        var errors = new LinkedHashMap<String, Object>();
        eachItem(items, (index, item) -> {
            var node = item != null && item.isObject() ? item.get(idName) : item;
            if (node != null && node.isIntegralNumber() && node.canConvertToLong()) {
                var stored = find(resource, node.longValue()).filter(found -> mayRead(caller, resource, found.record()));
                if (stored.isEmpty()) {
                    errors.put(Integer.toString(index), Map.of(idName, "no " + resource.name() + " with id " + node.longValue()));
                    return;
                }
                RecordAccess.require(Operation.DELETE, resource.permissions().of(Operation.DELETE), resource, caller, stored.get().record());
                mutations.add(new Mutation.Delete(resource, node.longValue(), null, caller));
            } else {
                errors.put(Integer.toString(index), Map.of(idName, "must be the id of a record"));
            }
        });
        runAll(resource, mutations, errors, HookEvent.AFTER_DELETE, caller);
        return mutations.size();
    }

    private interface ItemVisitor {
        void visit(int index, JsonNode item);
    }

    private static void eachItem(JsonNode items, ItemVisitor visitor) {
        if (items == null || !items.isArray()) {
            throw new ValidationFailed("the body must be a JSON array", Map.of("_body", "must be a JSON array"));
        }
        if (items.size() > ListQuery.MAX_LIMIT) {
            throw new ValidationFailed("at most " + ListQuery.MAX_LIMIT + " items per bulk request",
                    Map.of("_body", "has " + items.size() + " items; at most " + ListQuery.MAX_LIMIT));
        }
        for (var i = 0; i < items.size(); i++) {
            visitor.visit(i, items.get(i));
        }
    }

    private List<Map<String, Object>> runAll(Resource resource, List<Mutation> mutations, Map<String, Object> errors, HookEvent after, Caller caller) {
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors.size() == 1 ? "1 item is invalid; nothing was written" : errors.size() + " items are invalid; nothing was written", errors);
        }
        if (mutations.isEmpty()) {
            return List.of();
        }
        List<Change> changes;
        try {
            changes = await(writer(resource).submit(new Mutation.AllOrNothing(resource, mutations)));
        } catch (Mutations.ItemFailed failed) {
            throw itemError(failed);
        }
        var records = new ArrayList<Map<String, Object>>();
        for (var change : changes) {
            if (change.resource().equals(resource.name())) {
                hooks.after(after, resource, change, caller);
                if (change.type() != Change.Type.DELETED) {
                    records.add(change.record());
                }
            }
        }
        return records;
    }

    private static ApiException itemError(Mutations.ItemFailed failed) {
        var cause = failed.cause;
        Object detail;
        if (cause instanceof ValidationFailed invalid) {
            detail = invalid.errors();
        } else if (cause.extensions().get("errors") instanceof Map<?, ?> fieldErrors) {
            detail = fieldErrors;
        } else {
            detail = Map.of("_", cause.detail());
        }
        var errors = Map.<String, Object>of(Integer.toString(failed.index), detail);
        var message = "item " + failed.index + ": " + cause.detail() + "; nothing was written";
        return cause instanceof Conflict ? new Conflict(message, Map.of("errors", errors)) : new ValidationFailed(message, errors);
    }

    /**
     * The values a write stores: the body checked in full, or, when before-hooks run, typed first and
     * checked in full once the hooks have filled or fixed what they do (a hook may supply a required field).
     * {@code authorize} sees the caller's own typed values before any hook runs (the permission rules judge
     * what the caller asked for) and may refuse them or fill the owner.
     */
    private Map<String, Object> checked(HookEvent event, Resource resource, JsonNode body, Map<String, Object> previous, Caller caller,
                                        WriteInput.Mode mode, Set<String> supplied, Consumer<Map<String, Object>> authorize) {
        if (resource.hooks().of(event).isEmpty()) {
            var values = input.parseOrThrow(resource, body, mode, supplied);
            authorize.accept(values);
            return values;
        }
        var typed = input.parseOrThrow(resource, body, mode, supplied, WriteInput.Source.REQUEST_BEFORE_HOOKS);
        authorize.accept(typed);
        return before(event, resource, typed, previous, caller, mode, supplied);
    }

    private Map<String, Object> before(HookEvent event, Resource resource, Map<String, Object> values, Map<String, Object> previous,
                                       Caller caller, WriteInput.Mode mode, Set<String> supplied) {
        if (resource.hooks().of(event).isEmpty()) {
            return values;
        }
        var proposed = new LinkedHashMap<String, Object>(previous == null ? Map.of() : previous);
        proposed.putAll(values);
        var changed = hooks.before(event, resource, json.valueToTree(proposed), previous, caller);
        return input.parseOrThrow(resource, withoutServerFields(resource, changed), mode == WriteInput.Mode.CREATE ? mode : WriteInput.Mode.MERGE, supplied,
                WriteInput.Source.HOOKS);
    }

    private static JsonNode withoutServerFields(Resource resource, JsonNode record) {
        if (!(record instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
            return record;
        }
        var copy = object.deepCopy();
        // ids and auto fields are filled by the writer, and files are only ever changed by an upload; read-only fields are the hooks' to set
        resource.fields().stream().filter(f -> f.isPrimaryKey() || !f.auto().isEmpty() || f.type() instanceof FieldType.File)
                .forEach(f -> copy.remove(f.name()));
        return copy;
    }

    /**
     * The file of {@code database} with its change table, created if needed: the outbox the event-store
     * relay reads from (each database file has its own, written in the same transactions as its records).
     */
    public DuckDbFile changeLogOf(String database) {
        writer(database);
        return databases.file(database);
    }

    private Writer writer(Resource resource) {
        return writer(resource.database());
    }

    private Writer writer(String name) {
        return writers.computeIfAbsent(name, database -> {
            var file = databases.file(database);
            var appender = new TableAppender(file);
            var mutations = new Mutations(database, model, codec, recordJson, this::missingElsewhere, clock, appender);
            return new Writer(database, file, mutations, changeLog, appender, Writer.Gathering.DEFAULT, this::committed);
        });
    }

    /** Ids of {@code target} (in another database file, or the built-in accounts) that have no record. */
    private List<Long> missingElsewhere(Resource declared, Collection<Long> ids) {
        // `references: users` with no declared users: the account store
        var target = declared != null ? declared : accounts.get();
        return databases.file(target.database()).withConnection(conn -> new RecordTable(target, codec).missing(conn, ids));
    }

    private void committed(List<Change> changes) {
        var current = model.get();
        for (var change : changes) {
            pages.changed(change.resource());
            var resource = current.resource(change.resource());
            if (change.type() == Change.Type.DELETED || resource.isEmpty()) {
                cache.remove(change.resource(), change.id());
            } else {
                cache.put(change.id(), entry(resource.get(), change.record()));
            }
        }
        listeners.forEach(listener -> listener.accept(changes));
    }

    private RecordCache.Entry entry(Resource resource, Map<String, Object> publicRecord) {
        return new RecordCache.Entry(publicRecord, resource, recordJson::etag);
    }

    private static Change single(List<Change> changes) {
        return changes.get(0);
    }

    private static List<Change> await(CompletableFuture<List<Change>> future) {
        try {
            return future.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new DependencyDown("the write did not commit within " + WRITE_TIMEOUT_SECONDS + " s; it may still complete");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyDown("interrupted while waiting for the write");
        }
    }

    // ---- what exports, imports, aggregates and uploads build on

    FieldCodec codec() {
        return codec;
    }

    DuckDbFile file(Resource resource) {
        return databases.file(resource.database());
    }

    Optional<Resource> resource(String name) {
        return model.get().resource(name);
    }

    List<Long> missingIn(Resource target, Collection<Long> ids) {
        return missingElsewhere(target, ids);
    }

    /** Queues a mutation on the resource's writer; the caller waits for it (imports may take minutes). */
    CompletableFuture<List<Change>> submit(Resource resource, Mutation mutation) {
        return writer(resource).submit(mutation);
    }

    @Override
    public void close() {
        writers.values().forEach(Writer::close);
        writers.clear();
    }
}
