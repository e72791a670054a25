package io.dbbasic.monitor;

import io.dbbasic.common.activity.Activity;
import io.dbbasic.monitor.activity.StoredActivity;
import io.dbbasic.monitor.health.YamlError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Puts YAML errors into the feed even when the service that has them did not report them: a YAML error
 * the poller newly sees (in the crud-engine's health or {@code /api/models}) becomes a {@code config_error}
 * event, unless the service reported the same file and line itself within the last {@link #RECENT}.
 * Called from ingestion threads and probe completions; the maps are concurrent.
 */
final class YamlErrorEvents {
    static final Duration RECENT = Duration.ofSeconds(30);

    private final Clock clock;
    private final Consumer<List<Activity>> feed;
    private final Map<String, Instant> reported = new ConcurrentHashMap<>();
    private final Set<String> current = ConcurrentHashMap.newKeySet();

    YamlErrorEvents(Clock clock, Consumer<List<Activity>> feed) {
        this.clock = clock;
        this.feed = feed;
    }

    /** Remembers the config_error events services reported themselves. */
    void seen(List<StoredActivity> batch) {
        var now = clock.instant();
        for (var stored : batch) {
            var a = stored.activity();
            if (Activity.CONFIG_ERROR.equals(a.type()) && a.detail() instanceof Map<?, ?> detail) {
                reported.put(key(a.service(), String.valueOf(detail.get("file")), String.valueOf(detail.get("line"))), now);
            }
        }
        reported.values().removeIf(at -> at.isBefore(now.minus(RECENT)));
    }

    /** The poller's current list: errors not in the last list, and not reported lately, go to the feed. */
    void changed(List<YamlError> errors) {
        var now = clock.instant();
        var keys = new ArrayList<String>();
        var fresh = new ArrayList<Activity>();
        for (var e : errors) {
            var key = key(e.service(), e.file(), String.valueOf(e.line()));
            keys.add(key);
            var reportedAt = reported.get(key);
            if (!current.contains(key) && (reportedAt == null || reportedAt.isBefore(now.minus(RECENT)))) {
                fresh.add(Activity.configError(e.service(), e.file(), e.line() == null ? 0 : e.line(),
                        e.column() == null ? 0 : e.column(), e.message(), now));
            }
        }
        current.retainAll(keys);
        current.addAll(keys);
        if (!fresh.isEmpty()) {
            feed.accept(fresh);
        }
    }

    private static String key(String service, String file, String line) {
        return service + "|" + file + "|" + line;
    }
}
