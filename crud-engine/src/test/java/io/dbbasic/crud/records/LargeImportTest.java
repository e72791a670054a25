package io.dbbasic.crud.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 100,000-row CSV import streamed from a generator (the body never exists as a whole), in one
 * transaction. The build runs this class alone in a 192 MB heap (crud-engine/pom.xml): holding the rows
 * and their changes would take over 300 MB, streaming takes a few batches (plus the bounded id cache,
 * which keeps recently written records, imported ones included). The heap that survives each garbage
 * collection is printed for the record.
 */
class LargeImportTest {
    private static final int ROWS = 100_000;
    /** The heap the build gives this test; run elsewhere (an IDE) it only reports what it measured. */
    private static final long SMALL_HEAP = 256L * 1024 * 1024;

    @TempDir Path dirs;

    @Test
    void a_large_streamed_import_commits_every_row_within_a_small_heap() throws Exception {
        var yaml = """
                resource: lines
                api: {enable_export: true}
                fields:
                  id: {type: primary_key}
                  title: {type: string, required: true}
                  qty: {type: integer}
                  price: {type: decimal, precision: 12, scale: 2}
                  body: {type: text}
                """;
        try (var app = CrudApp.start(dirs, Map.of("lines.yaml", yaml))) {
            System.gc();   // a baseline of what is live before the import
            var baseline = usedHeap();
            var peak = new AtomicLong();
            var collections = new AtomicInteger();
            var listeners = watchCollections(peak, collections);
            long started = System.nanoTime();
            try {
                var request = HttpRequest.newBuilder(app.app.uri("/api/lines/import/csv")).header("Content-Type", "text/csv").header("Authorization", app.bearer())
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ExportImportTest.GeneratedCsv(ROWS)));
                var reply = java.net.http.HttpClient.newHttpClient().send(request.timeout(java.time.Duration.ofMinutes(15)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
                assertThat(reply.body()).isEqualTo("{\"imported\":" + ROWS + ",\"skipped\":0,\"errors\":[]}");
            } finally {
                listeners.run();
            }
            var seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("imported %d rows in %.1f s; %d collections; peak live heap after a collection %d MB over a %d MB baseline%n",
                    ROWS, seconds, collections.get(), (peak.get() - baseline) >> 20, baseline >> 20);
            var maxHeap = Runtime.getRuntime().maxMemory();
            if (maxHeap <= SMALL_HEAP) {
                assertThat(peak.get()).isLessThan(maxHeap);
            }

            assertThat(app.get("/api/lines?limit=1").body().get("total").asLong()).isEqualTo(ROWS);
            var last = app.get("/api/lines/" + ROWS).body();
            assertThat(last.get("title").asText()).isEqualTo("row " + ROWS);
            assertThat(last.get("body").asText()).isEqualTo("some text, with a comma and a \"quote\" for row " + ROWS);
            assertThat(app.get("/api/lines/aggregate?metrics=count,sum:qty").body().toString())
                    .isEqualTo("{\"groups\":[{\"count\":" + ROWS + ",\"sum_qty\":" + ((long) ROWS * (ROWS + 1) / 2) + "}]}");
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Records the heap in use right after each collection (what was still reachable); returns the unsubscribe. */
    private static Runnable watchCollections(AtomicLong peak, AtomicInteger collections) throws Exception {
        var subscriptions = new ArrayList<Runnable>();
        NotificationListener listener = (notification, handback) -> {
            if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                return;
            }
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            var after = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(u -> u.getUsed()).sum();
            collections.incrementAndGet();
            peak.accumulateAndGet(after, Math::max);
        };
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            var emitter = (NotificationEmitter) gc;
            emitter.addNotificationListener(listener, null, null);
            subscriptions.add(() -> {
                try {
                    emitter.removeNotificationListener(listener);
                } catch (javax.management.ListenerNotFoundException e) {
                    // already gone
                }
            });
        }
        return () -> subscriptions.forEach(Runnable::run);
    }
}
