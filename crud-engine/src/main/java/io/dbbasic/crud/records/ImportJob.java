package io.dbbasic.crud.records;

import static io.dbbasic.common.storage.Sql.ident;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.storage.DuckDbFile;
import io.dbbasic.crud.schema.SchemaNames;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's side of one import: it takes batches of validated rows from the request thread (through a
 * small bounded queue, so neither side ever holds more than a few batches), checks them against the stored
 * data set-wise (existing ids, unique values, references), inserts them with multi-row statements and logs
 * each created record in the change log, all inside the writer's one transaction for the import.
 *
 * <p><b>Threads.</b> {@link #run} runs on the writer thread of the resource's database file; the request
 * thread only calls {@link #send}. {@code stopped} is the one field both touch while the import runs; the
 * writer's results ({@code imported}, {@code refusals}) are read by the request thread only after the
 * writer has completed the import's future, which orders those reads after the writes.
 */
final class ImportJob {
    private static final Logger log = LoggerFactory.getLogger(ImportJob.class);
    /** Rows per multi-row INSERT: large enough to amortise the statement, small enough to bind quickly. */
    private static final int ROWS_PER_INSERT = 100;
    private static final int IDS_PER_QUERY = 1_000;
    /** How long the writer waits for the next batch before it gives up (the request thread reads a local file). */
    private static final long STALL_SECONDS = 120;
    private static final int DELIVERY_PAGE = 1_000;

    /** One validated row: {@code values} hold every field but the primary key, typed; {@code id} is the file's, or null. */
    record Row(long number, Long id, Map<String, Object> values) {}

    /** A row the stored data refused (an id taken, a unique value taken, a missing reference). */
    record Refusal(long number, Map<String, String> errors) {}

    /** The import is refused as a whole: the transaction rolls back. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private record Batch(List<Row> rows, boolean last) {}

    private static final Batch END = new Batch(List.of(), true);

    private final Resource resource;
    private final boolean allOrNothing;
    private final int maxRefusals;
    private final Caller caller;
    private final Instant now;
    private final FieldCodec codec;
    private final RecordJson recordJson;
    private final Mutations.ForeignIds foreign;
    private final java.util.function.Function<String, java.util.Optional<Resource>> resources;
    private final BlockingQueue<Batch> batches = new ArrayBlockingQueue<>(4);
    private volatile boolean stopped;
    // writer thread only, until the import's future completes
    private long imported;
    private long refused;
    private final List<Refusal> refusals = new ArrayList<>();
    private final Map<Long, Long> pendingSelfReferences = new HashMap<>();
    private final Map<Long, String> pendingSelfReferenceFields = new HashMap<>();

    ImportJob(Resource resource, boolean allOrNothing, int maxRefusals, Caller caller, Instant now, FieldCodec codec, RecordJson recordJson,
              Mutations.ForeignIds foreign, java.util.function.Function<String, java.util.Optional<Resource>> resources) {
        this.resource = resource;
        this.allOrNothing = allOrNothing;
        this.maxRefusals = maxRefusals;
        this.caller = caller;
        this.now = now;
        this.codec = codec;
        this.recordJson = recordJson;
        this.foreign = foreign;
        this.resources = resources;
    }

    Resource resource() {
        return resource;
    }

    // ---- the request thread's side

    /** Hands a batch to the writer; false once the writer has stopped taking rows (it refused the import or failed). */
    boolean send(List<Row> rows, java.util.concurrent.Future<?> done) throws InterruptedException {
        return offer(new Batch(List.copyOf(rows), false), done);
    }

    /** No more rows: the writer commits. */
    void finish(java.util.concurrent.Future<?> done) throws InterruptedException {
        offer(END, done);
    }

    /** The request thread found the import invalid (all-or-nothing): the writer rolls back. */
    void abort() {
        stopped = true;
        batches.clear();
        batches.offer(new Batch(List.of(), false));   // wakes the writer; it sees stopped and rolls back
    }

    private boolean offer(Batch batch, java.util.concurrent.Future<?> done) throws InterruptedException {
        while (!stopped && !done.isDone()) {
            if (batches.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    long imported() {
        return imported;
    }

    /** Rows the stored data refused (all of them, though {@link #refusals} lists at most {@code maxRefusals}). */
    long refused() {
        return refused;
    }

    List<Refusal> refusals() {
        return refusals;
    }

    // ---- the writer thread's side

    /** Runs inside the writer's transaction for this import; throws to roll it back. */
    void run(Connection conn, Sequences sequences, ChangeLog changeLog, TableAppender appender) throws SQLException {
        try {
            var table = new RecordTable(resource, codec);
            if (!sequences.knowsIds(resource.name())) {
                sequences.startIdsAfter(resource.name(), table.maxId(conn));
            }
            try (var inserter = new Inserter(conn)) {
                insertAll(conn, sequences, changeLog, appender, table, inserter);
            }
            checkPendingSelfReferences(conn, table);
        } finally {
            stopped = true;
        }
    }

    private void insertAll(Connection conn, Sequences sequences, ChangeLog changeLog, TableAppender appender, RecordTable table, Inserter inserter)
            throws SQLException {
        while (true) {
            Batch batch;
            try {
                batch = batches.poll(STALL_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Refused("the crud-engine is shutting down");
            }
            if (stopped) {
                throw new Refused("the import was refused");
            }
            if (batch == null) {
                throw new Refused("the import stalled: no rows for " + STALL_SECONDS + " s");
            }
            if (batch.last()) {
                break;
            }
            var accepted = check(conn, table, batch.rows());
            if (allOrNothing && refused > 0) {
                throw new Refused(refused + " rows refused");
            }
            var changes = new ArrayList<Change>(accepted.size());
            for (var row : accepted) {
                long id;
                if (row.id() == null) {
                    id = sequences.nextId(resource.name());
                } else {
                    id = row.id();
                    sequences.idUsed(resource.name(), id);
                }
                var record = built(id, row.values());
                inserter.add(record);
                changes.add(new Change(resource.name(), sequences.nextPosition(resource.name()), Change.Type.CREATED, id,
                        recordJson.toPublic(resource, record), publicDiff(id, record), caller == null ? null : caller.asJson(), now, UUID.randomUUID()));
            }
            inserter.flush();
            changeLog.append(conn, appender, changes);
            imported += accepted.size();
        }
    }

    /**
     * Hands the committed changes to the listeners (cache, realtime) in order, a page at a time, read back
     * from the change log: an import of millions of rows never holds all its changes in memory.
     */
    void deliver(DuckDbFile db, ChangeLog changeLog, long afterPosition, long lastPosition, Consumer<List<Change>> committed) {
        var position = afterPosition;
        while (position < lastPosition) {
            var from = position;
            var page = db.withConnection(conn -> changeLog.since(conn, resource.name(), from, DELIVERY_PAGE));
            if (page.isEmpty()) {
                return;
            }
            try {
                committed.accept(page);
            } catch (RuntimeException e) {
                log.error("a commit listener failed on imported records; the import is committed", e);
            }
            position = page.get(page.size() - 1).position();
        }
    }

    // ---- checks against the stored data, one batch at a time

    private List<Row> check(Connection conn, RecordTable table, List<Row> rows) throws SQLException {
        var errors = new TreeMap<Long, Map<String, String>>();
        var idName = resource.primaryKey().name();
        // ids the file gives: taken by a stored record, or twice in the file
        var given = new LinkedHashMap<Long, Row>();
        for (var row : rows) {
            if (row.id() != null && given.putIfAbsent(row.id(), row) != null) {
                fail(errors, row, idName, "id " + row.id() + " appears twice in the import");
            }
        }
        for (var taken : existing(conn, table, given.keySet())) {
            fail(errors, given.get(taken), idName, "a record with id " + taken + " already exists");
        }
        for (var field : resource.fields()) {
            if (field.unique() && field.hasColumn() && !field.isPrimaryKey()) {
                checkUnique(conn, field, rows, errors);
            }
        }
        var present = new HashSet<Long>();
        rows.stream().filter(r -> r.id() != null && !errors.containsKey(r.number())).forEach(r -> present.add(r.id()));
        for (var field : resource.fields()) {
            checkReferences(conn, field, rows, present, errors);
        }
        var accepted = new ArrayList<Row>(rows.size());
        for (var row : rows) {
            var rowErrors = errors.get(row.number());
            if (rowErrors == null) {
                accepted.add(row);
                continue;
            }
            refused++;
            if (refusals.size() < maxRefusals) {
                refusals.add(new Refusal(row.number(), rowErrors));
            }
        }
        return accepted;
    }

    private static void fail(Map<Long, Map<String, String>> errors, Row row, String field, String message) {
        errors.computeIfAbsent(row.number(), n -> new LinkedHashMap<>()).putIfAbsent(field, message);
    }

    private List<Long> existing(Connection conn, RecordTable table, Collection<Long> ids) throws SQLException {
        var taken = new ArrayList<Long>();
        for (var chunk : chunks(new ArrayList<>(ids))) {
            var missing = new HashSet<>(table.missing(conn, chunk));
            chunk.stream().filter(id -> !missing.contains(id)).forEach(taken::add);
        }
        return taken;
    }

    private void checkUnique(Connection conn, Field field, List<Row> rows, Map<Long, Map<String, String>> errors) throws SQLException {
        var seen = new HashMap<Object, Row>();
        for (var row : rows) {
            var value = RecordJson.normalize(field, row.values().get(field.name()));
            if (value != null && seen.putIfAbsent(value, row) != null) {
                fail(errors, row, field.name(), "is already taken by row " + seen.get(value).number() + " of the import");
            }
        }
        var values = new ArrayList<>(seen.keySet());
        for (var chunk : chunks(values)) {
            var sql = "SELECT DISTINCT " + ident(field.name()) + " FROM " + ident(resource.name()) + " WHERE " + ident(field.name())
                    + " IN (" + placeholders(chunk.size()) + ")";
            try (var statement = conn.prepareStatement(sql)) {
                for (var i = 0; i < chunk.size(); i++) {
                    statement.setObject(i + 1, codec.toJdbc(field, chunk.get(i)));
                }
                try (var result = statement.executeQuery()) {
                    while (result.next()) {
                        var holder = seen.get(RecordJson.normalize(field, codec.fromJdbc(field, result.getObject(1))));
                        if (holder != null) {
                            fail(errors, holder, field.name(), "is already taken");
                        }
                    }
                }
            }
        }
    }

    /**
     * Foreign keys and many_to_many links must point at stored records. A reference to this same resource
     * may also point at a row of the batch, and, when all-or-nothing, at a later row of the import: those
     * are checked once every row is in.
     */
    private void checkReferences(Connection conn, Field field, List<Row> rows, Set<Long> present,
                                 Map<Long, Map<String, String>> errors) throws SQLException {
        String targetName;
        if (field.type() instanceof FieldType.ForeignKey fk) {
            targetName = fk.references();
        } else if (field.type() instanceof FieldType.ManyToMany m2m) {
            targetName = m2m.references();
        } else {
            return;
        }
        var target = resources.apply(targetName);
        var self = targetName.equals(resource.name());
        var wanted = new HashSet<Long>();
        for (var row : rows) {
            wanted.addAll(ids(row.values().get(field.name())));
        }
        if (self) {
            wanted.removeAll(present);
        }
        if (wanted.isEmpty()) {
            return;
        }
        var missing = new HashSet<Long>();
        for (var chunk : chunks(new ArrayList<>(wanted))) {
            if (target.isEmpty()) {
                missing.addAll(foreign.missing(null, chunk));
            } else if (target.get().database().equals(resource.database())) {
                missing.addAll(new RecordTable(target.get(), codec).missing(conn, chunk));
            } else {
                missing.addAll(foreign.missing(target.get(), chunk));
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        for (var row : rows) {
            var absent = ids(row.values().get(field.name())).stream().filter(missing::contains).toList();
            if (absent.isEmpty()) {
                continue;
            }
            if (self && allOrNothing) {
                absent.forEach(id -> {
                    pendingSelfReferences.putIfAbsent(id, row.number());
                    pendingSelfReferenceFields.putIfAbsent(id, field.name());
                });
            } else {
                fail(errors, row, field.name(), "no " + targetName + " with id " + absent.stream().map(String::valueOf).collect(Collectors.joining(", ")));
            }
        }
    }

    private void checkPendingSelfReferences(Connection conn, RecordTable table) throws SQLException {
        if (pendingSelfReferences.isEmpty()) {
            return;
        }
        var missing = new ArrayList<Long>();
        for (var chunk : chunks(new ArrayList<>(pendingSelfReferences.keySet()))) {
            missing.addAll(table.missing(conn, chunk));
        }
        Collections.sort(missing);
        refused += missing.size();
        for (var id : missing) {
            if (refusals.size() >= maxRefusals) {
                break;
            }
            refusals.add(new Refusal(pendingSelfReferences.get(id), Map.of(pendingSelfReferenceFields.get(id), "no " + resource.name() + " with id " + id)));
        }
        if (!missing.isEmpty()) {
            throw new Refused(missing.size() + " references point nowhere");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Long> ids(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? (List<Long>) list : List.of((Long) value);
    }

    // ---- inserting

    private Map<String, Object> built(long id, Map<String, Object> values) {
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

    private Map<String, List<Object>> publicDiff(long id, Map<String, Object> record) {
        var diff = new LinkedHashMap<String, List<Object>>();
        RecordJson.diff(resource, null, record).forEach((name, pair) -> {
            var field = resource.field(name).orElseThrow();
            var converted = new ArrayList<>(2);
            pair.forEach(value -> converted.add(RecordJson.publicValue(resource, id, field, value)));
            diff.put(name, converted);
        });
        return diff;
    }

    /** Multi-row INSERTs of the resource's columns and of its join tables, flushed per batch. */
    private final class Inserter implements AutoCloseable {
        private final Connection conn;
        private final List<Field> columns = resource.columns();
        private final List<Field> links = resource.fields().stream().filter(f -> f.type() instanceof FieldType.ManyToMany).toList();
        private final List<Map<String, Object>> pending = new ArrayList<>();
        private final Map<Integer, PreparedStatement> rowStatements = new HashMap<>();
        private final Map<String, Map<Integer, PreparedStatement>> linkStatements = new HashMap<>();

        Inserter(Connection conn) {
            this.conn = conn;
        }

        void add(Map<String, Object> record) {
            pending.add(record);
        }

        void flush() throws SQLException {
            try {
                for (var from = 0; from < pending.size(); from += ROWS_PER_INSERT) {
                    var chunk = pending.subList(from, Math.min(pending.size(), from + ROWS_PER_INSERT));
                    var statement = rowStatement(chunk.size());
                    var i = 1;
                    for (var record : chunk) {
                        for (var field : columns) {
                            statement.setObject(i++, codec.toJdbc(field, record.get(field.name())));
                        }
                    }
                    statement.executeUpdate();
                }
                var idName = resource.primaryKey().name();
                for (var field : links) {
                    var pairs = new ArrayList<long[]>();
                    for (var record : pending) {
                        for (var target : ids(record.get(field.name()))) {
                            pairs.add(new long[] {(Long) record.get(idName), target});
                        }
                    }
                    for (var from = 0; from < pairs.size(); from += ROWS_PER_INSERT) {
                        var chunk = pairs.subList(from, Math.min(pairs.size(), from + ROWS_PER_INSERT));
                        var statement = linkStatement(field, chunk.size());
                        var i = 1;
                        for (var pair : chunk) {
                            statement.setLong(i++, pair[0]);
                            statement.setLong(i++, pair[1]);
                        }
                        statement.executeUpdate();
                    }
                }
            } finally {
                pending.clear();
            }
        }

        @Override
        public void close() throws SQLException {
            for (var statement : rowStatements.values()) {
                statement.close();
            }
            for (var byRows : linkStatements.values()) {
                for (var statement : byRows.values()) {
                    statement.close();
                }
            }
        }

        private PreparedStatement rowStatement(int rows) throws SQLException {
            var statement = rowStatements.get(rows);
            if (statement == null) {
                var names = columns.stream().map(f -> ident(f.name())).collect(Collectors.joining(", "));
                var row = "(" + placeholders(columns.size()) + ")";
                statement = conn.prepareStatement("INSERT INTO " + ident(resource.name()) + " (" + names + ") VALUES "
                        + String.join(", ", Collections.nCopies(rows, row)));
                rowStatements.put(rows, statement);
            }
            return statement;
        }

        private PreparedStatement linkStatement(Field field, int rows) throws SQLException {
            var byRows = linkStatements.computeIfAbsent(field.name(), n -> new HashMap<>());
            var statement = byRows.get(rows);
            if (statement == null) {
                statement = conn.prepareStatement("INSERT INTO " + ident(SchemaNames.joinTable(resource, field)) + " ("
                        + ident(SchemaNames.JOIN_SOURCE) + ", " + ident(SchemaNames.JOIN_TARGET) + ") VALUES "
                        + String.join(", ", Collections.nCopies(rows, "(?, ?)")));
                byRows.put(rows, statement);
            }
            return statement;
        }
    }

    private static <T> List<List<T>> chunks(List<T> values) {
        var chunks = new ArrayList<List<T>>();
        for (var from = 0; from < values.size(); from += IDS_PER_QUERY) {
            chunks.add(values.subList(from, Math.min(values.size(), from + IDS_PER_QUERY)));
        }
        return chunks;
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
