package io.dbbasic.crud.auth;

import io.dbbasic.common.errors.RateLimited;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing (CONTRACT §9): failed logins are counted per username and per client address
 * over a sliding window; past the limit, further attempts are refused with 429 and {@code Retry-After}
 * without checking the password at all. A successful login clears its username's count. The address is
 * the socket's (see {@code ClientAddress}), so a forged {@code X-Forwarded-For} buys nothing.
 *
 * <p>Counts live in memory: a restart forgets them, which costs an attacker a restart they cannot cause.
 * The maps are bounded by pruning entries whose window has passed.
 */
final class LoginThrottle {
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int PER_USERNAME = 10;
    static final int PER_ADDRESS = 30;
    private static final int MAX_KEYS = 100_000;

    private final Clock clock;
    // each deque holds failure times, oldest first; guarded by synchronizing on the deque
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Throws 429 when this username or this address has failed too often lately. */
    void check(String username, String address) {
        var now = clock.instant();
        var wait = Math.max(waitFor(userKey(username), PER_USERNAME, now), waitFor(addressKey(address), PER_ADDRESS, now));
        if (wait > 0) {
            throw new RateLimited("too many failed logins for this account or from this address; try again in " + wait + " s", wait);
        }
    }

    void failed(String username, String address) {
        var now = clock.instant();
        record(userKey(username), now);
        record(addressKey(address), now);
        if (failures.size() > MAX_KEYS) {
            failures.entrySet().removeIf(e -> {
                synchronized (e.getValue()) {
                    prune(e.getValue(), now);
                    return e.getValue().isEmpty();
                }
            });
        }
    }

    void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private long waitFor(String key, int limit, Instant now) {
        var times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < limit) {
                return 0;
            }
            // the oldest failure that keeps the count at the limit must leave the window
            var blocking = times.stream().skip(times.size() - limit).findFirst().orElseThrow();
            return Math.max(1, Duration.between(now, blocking.plus(WINDOW)).toSeconds() + 1);
        }
    }

    private void record(String key, Instant now) {
        var times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times, now);
            times.addLast(now);
            while (times.size() > PER_ADDRESS) {
                times.removeFirst();
            }
        }
    }

    private static void prune(Deque<Instant> times, Instant now) {
        var cutoff = now.minus(WINDOW);
        while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
            times.removeFirst();
        }
    }

    private static String userKey(String username) {
        return "user:" + (username == null ? "" : username.toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "addr:" + address;
    }
}
