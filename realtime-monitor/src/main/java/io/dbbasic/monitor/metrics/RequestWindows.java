package io.dbbasic.monitor.metrics;

import io.dbbasic.common.activity.Activity;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request statistics per service, computed from the request events the services report (not from
 * their Prometheus timers, which are per route and cannot be merged into one service's percentiles).
 * Events are placed by their own {@code at}, so a batch that arrives late still lands in its second.
 */
public final class RequestWindows {
    /** The window every rate, percentile and error rate on the dashboard covers. */
    public static final int WINDOW_SECONDS = 10;

    private final Clock clock;
    private final int seconds;
    private final Map<String, RequestWindow> byService = new ConcurrentHashMap<>();

    public RequestWindows(Clock clock) {
        this(clock, WINDOW_SECONDS);
    }

    RequestWindows(Clock clock, int seconds) {
        this.clock = clock;
        this.seconds = seconds;
    }

    public int seconds() {
        return seconds;
    }

    /** Takes the request events of a batch; other types are not requests and are skipped. */
    public void record(Collection<Activity> batch) {
        var now = clock.instant().getEpochSecond();
        for (var activity : batch) {
            if (!Activity.REQUEST.equals(activity.type()) || activity.status() == null || activity.durationMs() == null) {
                continue;
            }
            var at = activity.at() == null ? now : activity.at().getEpochSecond();
            byService.computeIfAbsent(activity.service(), name -> new RequestWindow(seconds))
                    .record(at, now, Math.round(activity.durationMs() * 1000.0), activity.status());
        }
    }

    /** The current statistics of every service that has reported requests, by name. */
    public Map<String, WindowStats> snapshot() {
        var now = clock.instant().getEpochSecond();
        var result = new TreeMap<String, WindowStats>();
        byService.forEach((name, window) -> result.put(name, window.stats(now)));
        return result;
    }

    /** One service's statistics; empty statistics for a service that reported nothing. */
    public WindowStats of(String service) {
        var window = byService.get(service);
        return window == null ? WindowStats.empty(seconds) : window.stats(clock.instant().getEpochSecond());
    }
}
