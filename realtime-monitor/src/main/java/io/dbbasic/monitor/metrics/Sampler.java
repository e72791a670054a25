package io.dbbasic.monitor.metrics;

import io.dbbasic.common.storage.DuckDbFile;
import io.dbbasic.monitor.health.ServiceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Every tick (2 s) turns the request windows and the last scraped JVM figures into one {@link Sample}
 * per service, all stamped with the same second so charts line up, and stores them for an hour.
 * Runs on the monitor's scheduler thread; {@link #latest} and {@link #since} may be read from any thread.
 */
public final class Sampler {
    public static final Duration RETENTION = Duration.ofHours(1);

    private final RequestWindows windows;
    private final SampleStore store;
    private final Clock clock;
    private final Supplier<List<ServiceStatus>> services;
    private final AtomicReference<List<Sample>> latest = new AtomicReference<>(List.of());

    public Sampler(RequestWindows windows, DuckDbFile db, Clock clock, Supplier<List<ServiceStatus>> services) {
        this.windows = windows;
        this.store = new SampleStore(db);
        this.clock = clock;
        this.services = services;
    }

    /** Takes, stores and returns this tick's samples. */
    public List<Sample> tick() {
        var at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var statuses = services.get();
        var names = new LinkedHashSet<String>();
        statuses.forEach(s -> names.add(s.name()));
        names.addAll(windows.snapshot().keySet());   // a service we do not poll but that reports requests
        var samples = new ArrayList<Sample>();
        for (var name : names) {
            var vitals = statuses.stream().filter(s -> s.name().equals(name) && s.vitals() != null)
                    .map(ServiceStatus::vitals).findFirst();
            samples.add(Sample.of(name, at, windows.of(name),
                    vitals.map(v -> v.heapUsedBytes()).orElse(null),
                    vitals.map(v -> v.heapMaxBytes()).orElse(null),
                    vitals.map(v -> v.threads()).orElse(null)));
        }
        store.append(samples);
        var result = List.copyOf(samples);
        latest.set(result);
        return result;
    }

    /** The last tick's samples. */
    public List<Sample> latest() {
        return latest.get();
    }

    /** The stored samples of the last {@code window}, as chart columns. */
    public Series since(Duration window) {
        return store.since(clock.instant().minus(window));
    }

    public Instant now() {
        return clock.instant();
    }

    public int windowSeconds() {
        return windows.seconds();
    }

    public long prune() {
        return store.prune(clock.instant().minus(RETENTION));
    }
}
