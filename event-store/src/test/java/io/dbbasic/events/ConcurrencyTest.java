package io.dbbasic.events;

import static io.dbbasic.events.EventStore.event;
import static io.dbbasic.events.EventStore.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The concurrency claims: one winner per expected version, positions 1..N without gaps under parallel appends. */
class ConcurrencyTest {
    @TempDir Path dir;
    EventStore store;

    @BeforeEach void start() {
        store = EventStore.start(dir.resolve("data"));
    }

    @AfterEach void stop() {
        store.close();
    }

    /** Runs {@code task(i)} for i in 0..n-1 on n threads released together by a barrier. */
    static <T> List<T> race(int n, IntFunction<T> task) throws Exception {
        var pool = Executors.newFixedThreadPool(n);
        try {
            var barrier = new CyclicBarrier(n);
            var futures = new ArrayList<Future<T>>();
            for (int i = 0; i < n; i++) {
                var index = i;
                futures.add(pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return task.apply(index);
                }));
            }
            var results = new ArrayList<T>();
            for (var future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void of_appends_racing_with_the_same_expected_version_exactly_one_wins() throws Exception {
        store.append("race-1", event("Opened", "{}"));
        var results = race(16, i -> store.post("/streams/race-1?expected_version=0", event("Race", "{\"i\":" + i + "}")));

        var winners = results.stream().filter(r -> r.statusCode() == 201).toList();
        var losers = results.stream().filter(r -> r.statusCode() == 409).toList();
        assertThat(winners).hasSize(1);
        assertThat(losers).hasSize(15);
        assertThat(losers).allSatisfy(r -> {
            assertThat(json(r).get("expected").asLong()).isZero();
            assertThat(json(r).get("actual").asLong()).isEqualTo(1);
        });
        assertThat(store.getJson("/streams/race-1").get("events")).hasSize(2);
    }

    @Test
    void racing_no_stream_appends_create_the_stream_once() throws Exception {
        var results = race(12, i -> store.post("/streams/fresh-1?expected_version=no_stream", event("Created", "{}")));
        assertThat(results.stream().filter(r -> r.statusCode() == 201)).hasSize(1);
        assertThat(results.stream().filter(r -> r.statusCode() == 409)).hasSize(11);
    }

    @Test
    void parallel_appends_get_positions_1_to_n_without_gaps_and_contiguous_versions() throws Exception {
        int threads = 16;
        int perThread = 15;
        List<List<HttpResponse<String>>> results = race(threads, t -> {
            var mine = new ArrayList<HttpResponse<String>>();
            for (int i = 0; i < perThread; i++) {
                var stream = "par-" + (i % 4);   // a few shared streams, so versions interleave too
                var body = i % 5 == 0 ? "[" + event("Batch", "{}") + "," + event("Batch", "{}") + "]" : event("One", "{}");
                mine.add(store.post("/streams/" + stream, body));
            }
            return mine;
        });
        var acknowledged = new HashSet<Long>();
        for (var mine : results) {
            for (var r : mine) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                var body = json(r);
                for (var p = body.get("first_position").asLong(); p <= body.get("last_position").asLong(); p++) {
                    assertThat(acknowledged.add(p)).as("position %d acknowledged twice", p).isTrue();
                }
            }
        }
        var total = threads * (perThread + perThread / 5);
        assertThat(acknowledged).hasSize(total);

        var positions = new ArrayList<Long>();
        long next = 1;
        while (true) {
            var page = store.getJson("/events?limit=97&from_position=" + next);
            page.get("events").forEach(e -> positions.add(e.get("position").asLong()));
            if (page.get("events").isEmpty()) {
                break;
            }
            next = page.get("next_position").asLong();
        }
        assertThat(positions).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        for (int s = 0; s < 4; s++) {
            var versions = StreamApiTest.versions(store.getJson("/streams/par-" + s + "?limit=10000").get("events"));
            assertThat(versions).containsExactlyElementsOf(LongStream.range(0, versions.size()).boxed().toList());
        }
    }
}
