package io.dbbasic.crud.hooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Which hook services are active at the AI service builder, for {@code missing_hooks} in
 * {@code /api/models}. Asked at most every few seconds; while the builder cannot be reached the last
 * answer stands (before the first answer, every hook counts as missing).
 */
public final class HookDirectory implements Predicate<String> {
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);
    private final URI services;
    private final Supplier<String> authorization;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private volatile Set<String> active = Set.of();
    private volatile Instant askedAt = Instant.EPOCH;

    /** {@code authorization}: the {@code Authorization} header (the crud-engine's service token). */
    public HookDirectory(URI builder, Supplier<String> authorization, ObjectMapper json, Clock clock) {
        this.services = URI.create(builder.toString().replaceAll("/+$", "") + "/api/services");
        this.authorization = authorization;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public boolean test(String hook) {
        refreshIfStale();
        return active.contains(hook);
    }

    private void refreshIfStale() {
        var now = clock.instant();
        if (Duration.between(askedAt, now).compareTo(FRESH_FOR) < 0) {
            return;
        }
        askedAt = now;
        try {
            var response = http.send(HttpRequest.newBuilder(services).timeout(Duration.ofSeconds(2))
                            .header("Authorization", authorization.get()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return;
            }
            var names = new HashSet<String>();
            for (var service : json.readTree(response.body())) {
                if ("active".equals(service.path("status").asText())) {
                    names.add(service.path("name").asText());
                }
            }
            active = Set.copyOf(names);
        } catch (java.io.IOException e) {
            // the builder is down or answered junk: keep the last answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
