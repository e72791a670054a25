package io.dbbasic.monitor.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Watches the services: every {@link #INTERVAL} it asks each one for {@code /health} and
 * {@code /metrics} (in parallel, 1.5 s timeout, at most one probe per service in flight), and every
 * {@link #INSIGHTS_EVERY} the crud-engine for {@code /api/models} and the event store for {@code /api/stats}.
 *
 * <p>A refused connection means down at once (the process is gone); a timeout only on the second in a
 * row, so one long GC pause does not flap the tile. Probes complete on the HTTP client's threads; the
 * state lives in concurrent maps of immutable records, updated by one probe per service at a time.
 */
public final class ServicePoller {
    public static final Duration INTERVAL = Duration.ofSeconds(2);
    static final Duration TIMEOUT = Duration.ofMillis(1500);
    static final Duration INSIGHTS_EVERY = Duration.ofSeconds(5);
    static final String CRUD_ENGINE = "crud-engine";
    static final String EVENT_STORE = "event-store";

    /** Told about changes; called on a probe's completion thread, so it must be quick and thread-safe. */
    public interface Listener {
        /** A service's status or problems changed. */
        void serviceChanged(ServiceStatus before, ServiceStatus after);

        /** The set of YAML files that do not load changed. */
        void yamlErrorsChanged(List<YamlError> errors);
    }

    /** How one service is asked; the monitor asks itself in-process rather than over its own port. */
    @FunctionalInterface
    public interface Probe {
        CompletableFuture<Observation> observe();
    }

    /** A probe's answer: the HTTP status and body of {@code /health}, its round trip, and {@code /metrics} text (null when that failed). */
    public record Observation(int httpStatus, JsonNode health, double latencyMs, String metrics) {}

    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final Map<String, Probe> probes = new LinkedHashMap<>();
    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final Supplier<Map<String, String>> credentials;
    private final Listener listener;
    private final Map<String, ServiceStatus> statuses = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> insightsInFlight = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Instant> lastInsights = new AtomicReference<>(Instant.EPOCH);
    private final AtomicReference<Insights.RecordCounts> records;
    private final AtomicReference<Insights.EventStoreStats> eventStore;
    private final AtomicReference<List<YamlError>> modelErrors = new AtomicReference<>(List.of());
    private final AtomicReference<List<YamlError>> yamlErrors = new AtomicReference<>(List.of());

    /**
     * @param localProbes probes that replace the HTTP one for some services (the monitor itself)
     * @param credentials headers for the calls that need an account ({@code /api/models}, {@code /api/stats}):
     *                    the monitor's service token
     */
    public ServicePoller(List<Target> targets, Map<String, Probe> localProbes, HttpClient http, ObjectMapper json,
                         Clock clock, Supplier<Map<String, String>> credentials, Listener listener) {
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.credentials = credentials;
        this.listener = listener;
        for (var target : targets) {
            this.targets.put(target.name(), target);
            this.probes.put(target.name(), localProbes.getOrDefault(target.name(), () -> httpProbe(target)));
            statuses.put(target.name(), ServiceStatus.unknown(target));
        }
        var now = clock.instant();
        records = new AtomicReference<>(Insights.RecordCounts.unavailable("not checked yet", now));
        eventStore = new AtomicReference<>(Insights.EventStoreStats.unavailable("not checked yet", now));
    }

    /** One round: probe every service, and fetch the insights when they are due. Called every {@link #INTERVAL}. */
    public void tick() {
        targets.keySet().forEach(this::refresh);
        var now = clock.instant();
        var last = lastInsights.get();
        if (Duration.between(last, now).compareTo(INSIGHTS_EVERY) >= 0 && lastInsights.compareAndSet(last, now)) {
            fetchRecordCounts();
            fetchEventStoreStats();
        }
    }

    /** Probes one service now (unless a probe of it is in flight), e.g. when it reports a YAML error. */
    public void refresh(String service) {
        var target = targets.get(service);
        if (target == null || !inFlight.add(service)) {
            return;
        }
        CompletableFuture<Observation> probe;
        try {
            probe = probes.get(service).observe();
        } catch (RuntimeException e) {
            probe = CompletableFuture.failedFuture(e);
        }
        probe.whenComplete((observation, failure) -> {
            try {
                update(target, observation, failure);
            } finally {
                inFlight.remove(service);
            }
        });
    }

    /** Every watched service, in top-bar order. */
    public List<ServiceStatus> statuses() {
        var list = new ArrayList<ServiceStatus>();
        targets.keySet().forEach(name -> list.add(statuses.get(name)));
        return list;
    }

    public Optional<ServiceStatus> status(String name) {
        return Optional.ofNullable(statuses.get(name));
    }

    public Insights.RecordCounts recordCounts() {
        return records.get();
    }

    public Insights.EventStoreStats eventStoreStats() {
        return eventStore.get();
    }

    /** The YAML files that do not load right now, from the crud-engine's health and {@code /api/models}. */
    public List<YamlError> yamlErrors() {
        return yamlErrors.get();
    }

    // ------------------------------------------------------------------ health

    private CompletableFuture<Observation> httpProbe(Target target) {
        var started = System.nanoTime();
        return http.sendAsync(get(target, "/health", Map.of()), HttpResponse.BodyHandlers.ofString())
                .thenCompose(health -> {
                    var latency = (System.nanoTime() - started) / 1_000_000.0;
                    var body = parse(health.body());
                    return http.sendAsync(get(target, "/metrics", Map.of()), HttpResponse.BodyHandlers.ofString())
                            .handle((metrics, failure) -> new Observation(health.statusCode(), body, latency,
                                    failure == null && metrics.statusCode() == 200 ? metrics.body() : null));
                });
    }

    private void update(Target target, Observation observation, Throwable failure) {
        var before = statuses.get(target.name());
        var now = clock.instant();
        var after = failure == null ? answered(target, before, observation, now) : unanswered(before, failure, now);
        statuses.put(target.name(), after);
        if (after.differsFrom(before)) {
            listener.serviceChanged(before, after);
            if (target.name().equals(CRUD_ENGINE)) {
                recomputeYamlErrors();
            }
        }
    }

    private ServiceStatus answered(Target target, ServiceStatus before, Observation o, Instant now) {
        var body = o.health();
        var problems = new ArrayList<String>();
        body.path("problems").forEach(p -> problems.add(p.asText()));
        String status;
        if (o.httpStatus() / 100 != 2) {
            status = ServiceStatus.DEGRADED;
            problems.add("/health answered HTTP " + o.httpStatus());
        } else {
            var reported = body.path("status").asText("");
            status = reported.equals(ServiceStatus.UP) || reported.equals(ServiceStatus.DEGRADED) ? reported : ServiceStatus.DEGRADED;
            if (!reported.equals(status)) {
                problems.add("/health reported status '" + reported + "'");
            }
        }
        var uptime = body.path("uptime_s");
        var vitals = o.metrics() == null ? null : Vitals.from(PrometheusText.parse(o.metrics()));
        return new ServiceStatus(target.name(), target.title(), target.url(), target.port(), status,
                Math.round(o.latencyMs() * 100.0) / 100.0,
                body.hasNonNull("version") ? body.get("version").asText() : before.version(),
                uptime.canConvertToLong() ? uptime.asLong() : null,
                now, now, problems, null, vitals, 0);
    }

    private static ServiceStatus unanswered(ServiceStatus before, Throwable failure, Instant now) {
        var cause = rootCause(failure);
        var refused = cause instanceof ConnectException || cause instanceof UnresolvedAddressException;
        var failures = before.failures() + 1;
        var reason = refused ? "connection refused" : "no answer within " + TIMEOUT.toMillis() + " ms (" + cause.getClass().getSimpleName() + ")";
        if (refused || failures >= 2 || before.status().equals(ServiceStatus.DOWN)) {
            return new ServiceStatus(before.name(), before.title(), before.url(), before.port(), ServiceStatus.DOWN,
                    null, before.version(), null, before.lastSeen(), now, List.of(), reason, null, failures);
        }
        // first timeout in a row: keep the last status until the next probe confirms it
        return new ServiceStatus(before.name(), before.title(), before.url(), before.port(), before.status(),
                before.latencyMs(), before.version(), before.uptimeSeconds(), before.lastSeen(), now,
                before.problems(), reason, before.vitals(), failures);
    }

    private static Throwable rootCause(Throwable failure) {
        var cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            if (cause instanceof ConnectException) {
                return cause;
            }
            cause = cause.getCause();
        }
        return cause;
    }

    // ------------------------------------------------------------------ insights

    private void fetchRecordCounts() {
        fetch(CRUD_ENGINE, "/api/models", body -> {
            var resources = new ArrayList<Insights.ResourceCount>();
            body.path("resources").forEach(r -> resources.add(new Insights.ResourceCount(
                    r.path("resource").asText(), r.hasNonNull("title") ? r.get("title").asText() : null,
                    r.path("record_count").canConvertToLong() ? r.get("record_count").asLong() : null)));
            var errors = new ArrayList<YamlError>();
            body.path("errors").forEach(e -> YamlError.fromModels(CRUD_ENGINE, e).ifPresent(errors::add));
            records.set(new Insights.RecordCounts(true, null, resources, clock.instant()));
            modelErrors.set(List.copyOf(errors));
            recomputeYamlErrors();
        }, note -> records.set(Insights.RecordCounts.unavailable(note, clock.instant())));
    }

    private void fetchEventStoreStats() {
        fetch(EVENT_STORE, "/api/stats",
                body -> eventStore.set(new Insights.EventStoreStats(true, null, body, clock.instant())),
                note -> eventStore.set(Insights.EventStoreStats.unavailable(note, clock.instant())));
    }

    private void fetch(String service, String path, java.util.function.Consumer<JsonNode> ok,
                       java.util.function.Consumer<String> unavailable) {
        var target = targets.get(service);
        if (target == null) {
            return;
        }
        if (statuses.get(service).status().equals(ServiceStatus.DOWN)) {
            unavailable.accept(service + " is down");
            return;
        }
        if (!insightsInFlight.add(path)) {
            return;
        }
        http.sendAsync(get(target, path, credentials.get()), HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, failure) -> {
                    try {
                        if (failure != null) {
                            unavailable.accept(service + " did not answer " + path);
                        } else if (response.statusCode() == 200) {
                            ok.accept(parse(response.body()));
                        } else {
                            unavailable.accept(explain(service, path, response.statusCode()));
                        }
                    } finally {
                        insightsInFlight.remove(path);
                    }
                });
    }

    private static String explain(String service, String path, int status) {
        if (status == 401 || status == 403) {
            return service + " " + path + " needs an account; the monitor has no service token yet";
        }
        if (status == 404) {
            return service + " does not serve " + path + " yet";
        }
        return service + " " + path + " answered HTTP " + status;
    }

    private void recomputeYamlErrors() {
        var merged = new LinkedHashMap<String, YamlError>();
        for (var error : modelErrors.get()) {
            merged.putIfAbsent(error.file() + ":" + error.line(), error);
        }
        var crud = statuses.get(CRUD_ENGINE);
        if (crud != null) {
            for (var problem : crud.problems()) {
                YamlError.fromProblem(CRUD_ENGINE, problem).ifPresent(e -> merged.putIfAbsent(e.file() + ":" + e.line(), e));
            }
        }
        var next = List.copyOf(merged.values());
        if (!next.equals(yamlErrors.getAndSet(next))) {
            listener.yamlErrorsChanged(next);
        }
    }

    // ------------------------------------------------------------------ plumbing

    private static HttpRequest get(Target target, String path, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(target.resolve(path)).timeout(TIMEOUT).GET();
        headers.forEach(request::header);
        return request.build();
    }

    /** A body that is not JSON counts as an empty object: the caller then sees no status and says so. */
    private JsonNode parse(String body) {
        try {
            var node = json.readTree(body);
            return node == null ? json.createObjectNode() : node;
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
