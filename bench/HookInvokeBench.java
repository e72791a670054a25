import io.dbbasic.common.auth.ServiceTokens;
import io.dbbasic.common.service.Environment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/**
 * Measures hook invoke round trips against a running AI service builder, one call at a time over
 * keep-alive HTTP, next to a baseline of the same client doing GET /health (an HTTP round trip with no
 * hook), so the difference is what a hook adds.
 * Run: java -cp ai-service-builder/target/ai-service-builder.jar bench/HookInvokeBench.java URL [SERVICE] [CALLS]
 *
 * Auth (docs/auth.md): invoke needs a service token or an admin. The bench sends what the crud-engine
 * sends, {@code Authorization: Bearer <crud-engine service token>}, signed with the key in the builder's
 * data dir ({@code DBBASIC_DATA_DIR}, default {@code data}, as {@code ./dbbasic} runs it; hence the jar on
 * the class path). The /health baseline carries the same header (same bytes on the wire; /health is
 * public, so the builder does not check it there): the token check is part of what an invoke costs.
 */
public class HookInvokeBench {
    public static void main(String[] args) throws Exception {
        var base = args.length > 0 ? args[0] : "http://localhost:8003";
        var service = args.length > 1 ? args[1] : "generate_slug_from_title";
        var calls = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        var dataDir = System.getenv().getOrDefault("DBBASIC_DATA_DIR", "data");
        var authorization = ServiceTokens.forService(Environment.of(Map.of("DBBASIC_DATA_DIR", dataDir)), "crud-engine").authorization();
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var body = "{\"event\":\"before_create\",\"resource\":\"posts\",\"record\":{\"title\":\"Hello, World! Benchmarks & Hooks\","
                + "\"body\":\"Some text\",\"status\":\"draft\"},\"previous\":null,\"user\":{\"id\":1,\"username\":\"bench\",\"roles\":[\"admin\"]}}";
        var invokeUri = URI.create(base + "/api/services/" + service + "/invoke");
        var anonymous = client.send(HttpRequest.newBuilder(invokeUri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
        if (anonymous.statusCode() != 401) {
            throw new IllegalStateException("an invoke without credentials answered " + anonymous.statusCode() + "; expected 401");
        }
        var invoke = HttpRequest.newBuilder(invokeUri).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        var health = HttpRequest.newBuilder(URI.create(base + "/health")).header("Authorization", authorization).GET().build();

        run(client, invoke, calls / 4);   // warm-up: JIT on both sides, worker loaded
        run(client, health, calls / 4);
        var baseline = run(client, health, calls);
        var hook = run(client, invoke, calls);
        System.out.printf("calls per series          %d (sequential, one connection, Bearer service token on both)%n", calls);
        report("GET /health (baseline)", baseline);
        report("POST invoke " + service, hook);
        System.out.printf("invoke p50 / baseline p50 %.1fx; added by the hook p50 %.3f ms%n",
                hook[hook.length / 2] / baseline[baseline.length / 2], (hook[hook.length / 2] - baseline[baseline.length / 2]) / 1e6);
    }

    static double[] run(HttpClient client, HttpRequest request, int calls) throws Exception {
        var nanos = new double[calls];
        for (int i = 0; i < calls; i++) {
            var start = System.nanoTime();
            var response = client.send(request, HttpResponse.BodyHandlers.ofString());
            nanos[i] = System.nanoTime() - start;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }

    static void report(String name, double[] sorted) {
        System.out.printf("%-26s p50 %.3f ms  p95 %.3f ms  p99 %.3f ms%n", name, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99));
    }

    static double at(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
