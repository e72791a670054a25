package io.dbbasic.crud.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.Conflict;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.storage.DuckDbFile;
import io.dbbasic.common.yaml.AppLoader;
import io.dbbasic.crud.live.LiveModel;
import io.dbbasic.crud.schema.MigrationRefused;
import io.dbbasic.crud.storage.Databases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit with buffered creates: creates of a resource whose checks read nothing wait to be appended
 * together (BufferedInserts, one DuckDB Appender per table and group), and every other statement of the group sees them.
 */
class GroupCommitTest {
    private static final String NOTES = """
            resource: notes
            fields:
              id: {type: primary_key}
              title: {type: string, required: true}
              n: {type: integer}
              status: {type: select, options: [new, done], default: new}
            """;
    private static final String TAGS = """
            resource: tags
            fields:
              id: {type: primary_key}
              name: {type: string, required: true, unique: true}
            """;

    @TempDir Path dirs;

    @Test
    void concurrent_creates_of_plain_and_unique_resources_in_one_file_are_each_stored_once() throws Exception {
        try (var crud = CrudApp.start(dirs, Map.of("notes.yaml", NOTES, "tags.yaml", TAGS))) {
            var threads = 16;
            var perThread = 12;
            var barrier = new CyclicBarrier(threads);
            var pool = Executors.newFixedThreadPool(threads);
            var tagsCreated = new AtomicInteger();
            var tagsRefused = new AtomicInteger();
            var futures = new ArrayList<Future<List<long[]>>>();
            for (var t = 0; t < threads; t++) {
                var thread = t;
                futures.add(pool.submit(() -> {
                    barrier.await();
                    var made = new ArrayList<long[]>();
                    for (var i = 0; i < perThread; i++) {
                        var note = crud.post("/api/notes", "{\"title\":\"t-%d-%d\",\"n\":%d}".formatted(thread, i, thread * 1000 + i));
                        assertThat(note.status()).isEqualTo(201);
                        made.add(new long[] {note.body().get("id").longValue(), note.body().get("n").longValue()});
                        if (i % 3 == 0) {   // every thread tries the same names: a unique check between buffered creates
                            var tag = crud.post("/api/tags", "{\"name\":\"tag-%d\"}".formatted(i));
                            (tag.status() == 201 ? tagsCreated : tagsRefused).incrementAndGet();
                            assertThat(tag.status()).isIn(201, 409);
                        }
                    }
                    return made;
                }));
            }
            var ids = new HashSet<Long>();
            var made = new ArrayList<long[]>();
            for (var future : futures) {
                made.addAll(future.get(120, TimeUnit.SECONDS));
            }
            pool.shutdown();
            made.forEach(pair -> ids.add(pair[0]));

            var notes = threads * perThread;
            assertThat(ids).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, notes).boxed().toList());
            assertThat(crud.get("/api/notes?limit=1").body().get("total").longValue()).isEqualTo(notes);
            for (var pair : made.subList(0, 40)) {
                var stored = crud.get("/api/notes/" + pair[0]).body();
                assertThat(stored.get("n").longValue()).isEqualTo(pair[1]);
                assertThat(stored.get("status").textValue()).isEqualTo("new");
            }
            assertThat(tagsCreated.get()).isEqualTo(perThread / 3);
            assertThat(tagsRefused.get()).isEqualTo((threads - 1) * perThread / 3);
            assertThat(crud.get("/api/tags?limit=1").body().get("total").longValue()).isEqualTo(perThread / 3);
        }
    }

    @Test
    void buffered_creates_reach_the_table_at_the_flush_and_before_any_later_statement_of_the_group() throws Exception {
        try (var store = new Store(dirs)) {
            var notes = store.resource("notes");
            var mutations = store.mutations();
            var sequences = new Sequences(Map.of(), Map.of());
            store.db().inTransaction(conn -> {
                mutations.discardInserts();
                var a = mutations.apply(conn, sequences, store.create(notes, "{\"title\":\"a\",\"n\":1}")).get(0);
                var b = mutations.apply(conn, sequences, store.create(notes, "{\"title\":\"b\"}")).get(0);
                assertThat(List.of(a.id(), b.id())).containsExactly(1L, 2L);
                assertThat(count(conn)).isZero();   // buffered

                var values = store.input().parseOrThrow(notes, store.node("{\"title\":\"b2\"}"), WriteInput.Mode.MERGE);
                var updated = mutations.apply(conn, sequences, new Mutation.Update(notes, b.id(), values, null, Caller.anonymous("test")));
                assertThat(updated).hasSize(1);      // the update found the buffered create: it was flushed first
                assertThat(count(conn)).isEqualTo(2);

                mutations.apply(conn, sequences, store.create(notes, "{\"title\":\"c\",\"n\":3}"));
                assertThat(count(conn)).isEqualTo(2);
                mutations.flushInserts(conn);
                assertThat(count(conn)).isEqualTo(3);
                return null;
            });
            assertThat(store.rows()).containsExactly("1 a 1 new", "2 b2 null new", "3 c 3 new");
        }
    }

    @Test
    void a_create_that_fails_when_the_group_is_appended_fails_alone_and_leaves_no_row_behind() throws Exception {
        try (var store = new Store(dirs)) {
            var notes = store.resource("notes");
            var changeLog = new ChangeLog(store.json());
            var committed = new ArrayList<Change>();
            try (var writer = new Writer("app.duckdb", store.db(), store.mutations(), changeLog, store.appender(), Writer.Gathering.DEFAULT, committed::addAll)) {
                assertThat(writer.submit(store.create(notes, "{\"title\":\"one\"}")).get(30, TimeUnit.SECONDS).get(0).id()).isEqualTo(1);
                store.db().inTransaction(conn -> {   // a row the writer does not know of, in the way of its id 3
                    try (var st = conn.createStatement()) {
                        st.execute("INSERT INTO notes (id, title) VALUES (3, 'outsider')");
                    }
                    return null;
                });
                assertThat(writer.submit(store.create(notes, "{\"title\":\"two\"}")).get(30, TimeUnit.SECONDS).get(0).id()).isEqualTo(2);
                assertThatThrownBy(() -> writer.submit(store.create(notes, "{\"title\":\"three\"}")).get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(Conflict.class);
            }
            assertThat(store.rows()).containsExactly("1 one null new", "2 two null new", "3 outsider null new");
            assertThat(committed).extracting(Change::id).containsExactly(1L, 2L);
            List<Change> logged = store.db().withConnection(conn -> changeLog.since(conn, "notes", 0, 10));
            assertThat(logged).extracting(Change::position).containsExactly(1L, 2L);
        }
    }

    @Test
    void a_table_rebuilt_with_its_columns_in_another_order_between_two_groups_gets_each_value_in_its_column() throws Exception {
        try (var store = new Store(dirs)) {
            var notes = store.resource("notes");
            try (var writer = new Writer("app.duckdb", store.db(), store.mutations(), new ChangeLog(store.json()), store.appender(), Writer.Gathering.DEFAULT, changes -> {})) {
                writer.submit(store.create(notes, "{\"title\":\"one\",\"status\":\"done\"}")).get(30, TimeUnit.SECONDS);
                // title and status are both VARCHAR: appending in the old order would swap them without an error
                store.db().exclusively(conn -> {
                    try (var st = conn.createStatement()) {
                        st.execute("CREATE TABLE notes_rebuilt (id BIGINT PRIMARY KEY, status VARCHAR DEFAULT 'new', n BIGINT, title VARCHAR NOT NULL)");
                        st.execute("INSERT INTO notes_rebuilt SELECT id, status, n, title FROM notes");
                        st.execute("DROP TABLE notes");
                        st.execute("ALTER TABLE notes_rebuilt RENAME TO notes");
                    }
                    return null;
                });
                writer.submit(store.create(notes, "{\"title\":\"two\",\"status\":\"done\",\"n\":2}")).get(30, TimeUnit.SECONDS);
            }
            assertThat(store.rows()).containsExactly("1 one null done", "2 two 2 done");
        }
    }

    @Test
    void a_group_whose_change_rows_cannot_be_appended_leaves_none_of_its_records_behind() throws Exception {
        try (var store = new Store(dirs)) {
            var notes = store.resource("notes");
            var changeLog = new ChangeLog(store.json());
            try (var writer = new Writer("app.duckdb", store.db(), store.mutations(), changeLog, store.appender(), Writer.Gathering.DEFAULT, changes -> {})) {
                writer.submit(store.create(notes, "{\"title\":\"one\"}")).get(30, TimeUnit.SECONDS);
                store.db().inTransaction(conn -> {   // a change row the writer does not know of, at its next position
                    try (var st = conn.createStatement()) {
                        st.execute("INSERT INTO _dbbasic_changes SELECT resource, 2, type, 99, record, changes, caller, changed_at, event_id "
                                + "FROM _dbbasic_changes WHERE position = 1");
                    }
                    return null;
                });
                // only appenders run in this group: the records' rows must still roll back with the change rows
                assertThatThrownBy(() -> writer.submit(store.create(notes, "{\"title\":\"two\"}")).get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class);
            }
            assertThat(store.rows()).containsExactly("1 one null new");
        }
    }

    @Test
    void under_concurrency_a_write_that_arrives_while_the_next_group_is_open_joins_it() throws Exception {
        try (var store = new Store(dirs)) {
            var notes = store.resource("notes");
            var groups = new ArrayList<Integer>();
            var firstCommitted = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            var patient = new Writer.Gathering(Duration.ofSeconds(30), Duration.ofSeconds(30));
            try (var writer = new Writer("app.duckdb", store.db(), store.mutations(), new ChangeLog(store.json()), store.appender(), patient, changes -> {
                groups.add(changes.size());
                if (groups.size() == 1) {
                    firstCommitted.countDown();
                    await(release);   // holds the writer while two more writes queue up
                }
            })) {
                var first = writer.submit(store.create(notes, "{\"title\":\"a\"}"));
                await(firstCommitted);
                var queued = List.of(writer.submit(store.create(notes, "{\"title\":\"b\"}")), writer.submit(store.create(notes, "{\"title\":\"c\"}")));
                release.countDown();
                first.get(30, TimeUnit.SECONDS);
                for (var write : queued) {
                    write.get(30, TimeUnit.SECONDS);
                }
                // the last group held two writes: the next one opens a group that waits for more
                var opened = writer.submit(store.create(notes, "{\"title\":\"d\"}"));
                awaitTimedWaiting(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("writer-app.duckdb")).findFirst().orElseThrow());
                assertThat(opened).isNotDone();
                var joined = writer.submit(store.create(notes, "{\"title\":\"e\"}"));
                for (var i = 0; i < Writer.MAX_BATCH - 2; i++) {   // a full group commits at once
                    writer.submit(store.create(notes, "{\"title\":\"f\"}"));
                }
                assertThat(opened.get(30, TimeUnit.SECONDS).get(0).id()).isEqualTo(4);
                assertThat(joined.get(30, TimeUnit.SECONDS).get(0).id()).isEqualTo(5);
            }
            assertThat(groups).containsExactly(1, 2, Writer.MAX_BATCH);
        }
    }

    @Test
    void a_write_with_no_concurrent_writes_commits_without_waiting_for_company() throws Exception {
        try (var store = new Store(dirs)) {
            var notes = store.resource("notes");
            var patient = new Writer.Gathering(Duration.ofMinutes(10), Duration.ofMinutes(10));
            try (var writer = new Writer("app.duckdb", store.db(), store.mutations(), new ChangeLog(store.json()), store.appender(), patient, changes -> {})) {
                for (var title : List.of("a", "b", "c")) {
                    writer.submit(store.create(notes, "{\"title\":\"%s\"}".formatted(title))).get(30, TimeUnit.SECONDS);
                }
            }
            assertThat(store.rows()).containsExactly("1 a null new", "2 b null new", "3 c null new");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Until the thread waits with a timeout (the writer: its open group waiting for more writes). */
    private static void awaitTimedWaiting(Thread thread) {
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("%s waiting with a timeout", thread.getName()).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static long count(Connection conn) throws SQLException {
        try (var st = conn.createStatement(); var rows = st.executeQuery("SELECT count(*) FROM notes")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The notes resource loaded and its table made as the crud-engine does, without HTTP. */
    private static final class Store implements AutoCloseable {
        private final ObjectMapper json = Json.newMapper();
        private final FieldCodec codec = new FieldCodec(json);
        private final WriteInput input = new WriteInput(codec, new Rules());
        private final Databases databases;
        private final LiveModel live;
        private final TableAppender appender;

        Store(Path root) throws Exception {
            var app = Files.createDirectories(root.resolve("app"));
            Files.writeString(app.resolve("notes.yaml"), NOTES);
            databases = new Databases(root.resolve("data"), Clock.systemUTC());
            live = new LiveModel(app, new AppLoader(), resource -> {
                try {
                    databases.schema(resource.database()).apply(resource);
                } catch (MigrationRefused e) {
                    throw new LiveModel.Refused(String.join("; ", e.messages()));
                }
            });
            live.reload();
            appender = new TableAppender(db());
        }

        Resource resource(String name) {
            return live.current().model().resource(name).orElseThrow();
        }

        DuckDbFile db() {
            return databases.file(resource("notes").database());
        }

        ObjectMapper json() {
            return json;
        }

        WriteInput input() {
            return input;
        }

        Mutations mutations() {
            return new Mutations(resource("notes").database(), () -> live.current().model(), codec, new RecordJson(json),
                    (target, ids) -> List.of(), Clock.systemUTC(), appender);
        }

        TableAppender appender() {
            return appender;
        }

        Mutation.Create create(Resource resource, String body) {
            return new Mutation.Create(resource, input.parseOrThrow(resource, node(body), WriteInput.Mode.CREATE), Caller.anonymous("test"));
        }

        JsonNode node(String body) {
            try {
                return json.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        List<String> rows() {
            return db().withConnection(conn -> {
                var rows = new ArrayList<String>();
                try (var st = conn.createStatement(); var rs = st.executeQuery("SELECT id, title, n, status FROM notes ORDER BY id")) {
                    while (rs.next()) {
                        rows.add(rs.getLong(1) + " " + rs.getString(2) + " " + rs.getObject(3) + " " + rs.getString(4));
                    }
                }
                return rows;
            });
        }

        @Override
        public void close() {
            databases.close();
        }
    }
}
