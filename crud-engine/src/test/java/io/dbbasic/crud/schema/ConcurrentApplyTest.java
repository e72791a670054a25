package io.dbbasic.crud.schema;

import static io.dbbasic.crud.schema.Models.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes keep flowing while a migration rebuilds their table, and every acknowledged write survives it. */
class ConcurrentApplyTest {
    @TempDir Path dir;
    TestDb db;
    ExecutorService pool = Executors.newFixedThreadPool(4);

    @BeforeEach void open() { db = new TestDb(dir); }

    @AfterEach void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        db.close();
    }

    @Test
    void no_acknowledged_write_is_lost_when_a_rebuild_runs_between_writes() throws Exception {
        db.schema().apply(resource("posts", id(), string("title"), foreignKey("author_id", "users"), string("note")));
        int writers = 4;
        int perWriter = 150;
        var barrier = new CyclicBarrier(writers + 1);
        var acknowledged = new AtomicLong();
        var futures = new ArrayList<Future<?>>();
        for (int w = 0; w < writers; w++) {
            int base = w * perWriter;
            futures.add(pool.submit(() -> {
                barrier.await(10, TimeUnit.SECONDS);
                for (int i = 1; i <= perWriter; i++) {
                    long id = base + i;
                    db.file().inTransaction(conn -> {
                        try (var st = conn.prepareStatement("INSERT INTO posts (id, title, author_id) VALUES (?, ?, ?)")) {
                            st.setLong(1, id);
                            st.setString(2, "t" + id);
                            st.setLong(3, id % 5);
                            return st.executeUpdate();
                        }
                    });
                    acknowledged.incrementAndGet();
                }
                return null;
            }));
        }
        barrier.await(10, TimeUnit.SECONDS);
        waitUntil(() -> acknowledged.get() >= 100);

        // A required field with a default cannot be ADDed in DuckDB 1.4: this apply rebuilds the table.
        var report = db.schema().apply(resource("posts", id(), string("title"), foreignKey("author_id", "users"),
                string("note"), string("lang").required().withDefault("en")));

        for (var f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertThat(report.steps()).contains(new MigrationStep.RebuildTable("posts"));
        assertThat(acknowledged.get()).isEqualTo(writers * perWriter);
        assertThat(db.count("posts")).isEqualTo(writers * perWriter);
        assertThat(db.value("SELECT count(*) FROM posts WHERE lang = 'en'")).isEqualTo((long) writers * perWriter);
        assertThat(db.indexedColumns("posts")).containsExactly("author_id");
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        var deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not reached in 30 s");
            }
            Thread.onSpinWait();
        }
    }
}
