package io.dbbasic.crud.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.RateLimited;
import io.dbbasic.common.model.ApiOptions;
import io.dbbasic.common.model.RateLimit;
import io.dbbasic.common.yaml.AppLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** api.rate_limiting: 429 with Retry-After over HTTP, per kind and caller; token refill on a fake clock; nothing where undeclared. */
class RateLimitTest {
    @TempDir Path dirs;

    @Test
    void over_the_declared_limit_a_caller_gets_429_with_retry_after_and_other_resources_are_unlimited() {
        var limited = """
                resource: quotes
                api: {rate_limiting: {read: 3/minute, write: 2/hour}}
                fields:
                  text: {type: string}
                """;
        var free = "resource: notes\nfields:\n  text: {type: string}\n";
        try (var app = CrudApp.start(dirs, Map.of("quotes.yaml", limited, "notes.yaml", free))) {
            for (var i = 0; i < 3; i++) {
                assertThat(app.get("/api/quotes").status()).isEqualTo(200);
            }
            var refused = app.get("/api/quotes/1");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 20L);
            assertThat(refused.body().get("detail").asText()).startsWith("at most 3 read requests per minute on quotes per caller");

            assertThat(app.post("/api/quotes", "{\"text\":\"a\"}").status()).as("writes have their own budget").isEqualTo(201);
            assertThat(app.post("/api/quotes", "{\"text\":\"b\"}").status()).isEqualTo(201);
            var write = app.call("PATCH", "/api/quotes/1", "{\"text\":\"c\"}");
            assertThat(write.status()).isEqualTo(429);
            assertThat(Long.parseLong(write.header("Retry-After"))).isBetween(1700L, 1800L);

            for (var i = 0; i < 50; i++) {
                assertThat(app.get("/api/notes").status()).isEqualTo(200);
            }
        }
    }

    private static io.dbbasic.common.model.Resource resource(RateLimit read, RateLimit write) throws Exception {
        var loaded = new AppLoader().load(Map.of(Path.of("r.yaml"), "resource: r\nfields:\n  a: {type: string}\n")).model().resource("r").orElseThrow();
        var api = new ApiOptions(loaded.api().basePath(), false, false, read, write, List.of());
        return new io.dbbasic.common.model.Resource(loaded.name(), loaded.database(), loaded.title(), loaded.description(), loaded.fields(),
                loaded.hooks(), loaded.permissions(), api, loaded.interfaceOptions(), loaded.workflow(), loaded.ui(), loaded.auth(),
                loaded.strictHooks(), loaded.location());
    }

    @Test
    void a_bucket_refills_steadily_and_counts_each_caller_apart() throws Exception {
        var now = new AtomicLong(1_000_000_000L);
        var limits = new RateLimits(now::get);
        var resource = resource(new RateLimit(2, Duration.ofSeconds(10)), null);
        var alice = new Caller(7L, "alice", List.of(), "10.0.0.1");
        var anonymous = Caller.anonymous("10.0.0.1");

        limits.check(resource, RateLimits.Kind.READ, alice);
        limits.check(resource, RateLimits.Kind.READ, alice);
        assertThatThrownBy(() -> limits.check(resource, RateLimits.Kind.READ, alice)).isInstanceOfSatisfying(RateLimited.class,
                e -> assertThat(e.headers()).containsEntry("Retry-After", "5"));
        limits.check(resource, RateLimits.Kind.READ, anonymous);   // the address is another caller
        limits.check(resource, RateLimits.Kind.WRITE, alice);      // no write limit declared

        now.addAndGet(TimeUnit.SECONDS.toNanos(4));
        assertThatThrownBy(() -> limits.check(resource, RateLimits.Kind.READ, alice)).isInstanceOfSatisfying(RateLimited.class,
                e -> assertThat(e.headers()).containsEntry("Retry-After", "1"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        limits.check(resource, RateLimits.Kind.READ, alice);
        now.addAndGet(TimeUnit.SECONDS.toNanos(60));
        limits.check(resource, RateLimits.Kind.READ, alice);
        limits.check(resource, RateLimits.Kind.READ, alice);
        assertThatThrownBy(() -> limits.check(resource, RateLimits.Kind.READ, alice)).isInstanceOf(RateLimited.class);
    }

    @Test
    void concurrent_requests_of_one_caller_never_get_more_than_the_limit() throws Exception {
        var limits = new RateLimits(() -> 0L);   // time stands still: no refill during the race
        var resource = resource(null, new RateLimit(25, Duration.ofMinutes(1)));
        var caller = Caller.anonymous("127.0.0.1");
        var threads = 8;
        var barrier = new CyclicBarrier(threads);
        var allowed = new AtomicInteger();
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (var t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    barrier.await();
                    for (var i = 0; i < 20; i++) {
                        try {
                            limits.check(resource, RateLimits.Kind.WRITE, caller);
                            allowed.incrementAndGet();
                        } catch (RateLimited e) {
                            // over the limit, as expected for most
                        }
                    }
                    return null;
                }));
            }
            for (var future : futures) {
                future.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(allowed.get()).isEqualTo(25);
    }
}
