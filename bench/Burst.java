import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One burst: REQUESTS GETs of URL from CONCURRENCY closed-loop clients (each sends its next request
 * when the last one answered), then one JSON line with wall time, throughput and latency percentiles.
 * Run with the JDK's single-file launcher: java bench/Burst.java URL REQUESTS CONCURRENCY LABEL
 * With BENCH_AUTHORIZATION set (e.g. {@code Bearer <login token>}), every request sends it as the
 * {@code Authorization} header.
 * Only for loopback servers of this machine.
 */
public class Burst {
    public static void main(String[] args) throws Exception {
        var uri = URI.create(args[0]);
        if (!uri.getHost().equals("127.0.0.1") && !uri.getHost().equals("localhost")) {
            throw new IllegalArgumentException("bench targets this machine only, not " + uri.getHost());
        }
        int requests = Integer.parseInt(args[1]);
        int concurrency = Integer.parseInt(args[2]);
        var label = args.length > 3 ? args[3] : "burst";
        var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        var builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        var authorization = System.getenv("BENCH_AUTHORIZATION");
        if (authorization != null && !authorization.isBlank()) {
            builder.header("Authorization", authorization);
        }
        var request = builder.build();
        var latencies = new long[requests];
        var next = new AtomicInteger();
        var failures = new AtomicInteger();
        var done = new CountDownLatch(concurrency);
        var started = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            var thread = new Thread(() -> {
                try {
                    for (int i; (i = next.getAndIncrement()) < requests; ) {
                        var t0 = System.nanoTime();
                        try {
                            var response = client.send(request, HttpResponse.BodyHandlers.discarding());
                            if (response.statusCode() != 200 && failures.incrementAndGet() == 1) {
                                System.err.println(label + ": first failure: status " + response.statusCode() + " " + response.headers().map());
                            }
                        } catch (Exception e) {
                            if (failures.incrementAndGet() == 1) {
                                System.err.println(label + ": first failure: " + e);
                            }
                        }
                        latencies[i] = System.nanoTime() - t0;
                    }
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        var wall = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        System.out.printf(java.util.Locale.ROOT,
                "{\"label\":\"%s\",\"requests\":%d,\"concurrency\":%d,\"failures\":%d,\"seconds\":%.3f,\"per_s\":%.1f,"
                        + "\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}%n",
                label, requests, concurrency, failures.get(), wall, requests / wall,
                ms(latencies, 0.50), ms(latencies, 0.90), ms(latencies, 0.99), latencies[requests - 1] / 1e6);
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
