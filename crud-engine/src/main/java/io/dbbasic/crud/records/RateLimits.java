package io.dbbasic.crud.records;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.RateLimited;
import io.dbbasic.common.model.RateLimit;
import io.dbbasic.common.model.Resource;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * {@code api.rate_limiting}: per resource, per kind (read: GET; write: POST, PUT, PATCH, DELETE) and per
 * caller (the account, else the client address), a token bucket holding {@code N} tokens that refills at
 * {@code N} per window: bursts up to the limit, then a steady rate. Resources without a declared limit cost
 * nothing here. Buckets live in a bounded cache and expire once a full window has passed without use (a
 * full bucket is the same as no bucket), so memory stays bounded however many clients come.
 */
final class RateLimits {
    enum Kind { READ, WRITE }

    private static final long MAX_BUCKETS = 100_000;

    /** The limit is part of the key: editing it in the YAML starts every caller afresh under the new one. */
    private record Key(String resource, Kind kind, String caller, int requests, long windowNanos) {}

    /** One caller's bucket. Synchronised: a caller's concurrent requests share it. */
    private static final class Bucket {
        private final long capacity;
        private final long nanosPerToken;
        private long tokensTimesPeriod;   // tokens × nanosPerToken, so refills stay exact in integers
        private long updated;

        Bucket(int requests, long windowNanos, long now) {
            this.capacity = requests;
            this.nanosPerToken = Math.max(1, windowNanos / requests);
            this.tokensTimesPeriod = capacity * nanosPerToken;
            this.updated = now;
        }

        /** Takes a token; returns 0, or the nanoseconds until one is free. */
        synchronized long take(long now) {
            var full = capacity * nanosPerToken;
            tokensTimesPeriod = Math.min(full, tokensTimesPeriod + Math.max(0, now - updated));
            updated = now;
            if (tokensTimesPeriod >= nanosPerToken) {
                tokensTimesPeriod -= nanosPerToken;
                return 0;
            }
            return nanosPerToken - tokensTimesPeriod;
        }
    }

    private final LongSupplier nanoTime;
    private final Cache<Key, Bucket> buckets;

    RateLimits(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.buckets = Caffeine.newBuilder()
                .maximumSize(MAX_BUCKETS)
                .expireAfter(new Expiry<Key, Bucket>() {
                    @Override
                    public long expireAfterCreate(Key key, Bucket bucket, long currentTime) {
                        return key.windowNanos();
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Bucket bucket, long currentTime, long currentDuration) {
                        return key.windowNanos();
                    }

                    @Override
                    public long expireAfterRead(Key key, Bucket bucket, long currentTime, long currentDuration) {
                        return key.windowNanos();
                    }
                })
                .ticker(nanoTime::getAsLong)
                .build();
    }

    static RateLimits systemClock() {
        return new RateLimits(System::nanoTime);
    }

    static Kind kindOf(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS" -> Kind.READ;
            default -> Kind.WRITE;
        };
    }

    /** Counts one request; throws the 429 (with {@code Retry-After}) when the caller is over the limit. */
    void check(Resource resource, Kind kind, Caller caller) {
        var limit = kind == Kind.READ ? resource.api().readLimit() : resource.api().writeLimit();
        if (limit == null) {
            return;
        }
        var window = limit.window().toNanos();
        var key = new Key(resource.name(), kind, caller.rateKey(), limit.requests(), window);
        var now = nanoTime.getAsLong();
        var wait = buckets.get(key, k -> new Bucket(k.requests(), k.windowNanos(), now)).take(now);
        if (wait > 0) {
            var seconds = Math.max(1, (wait + 999_999_999L) / 1_000_000_000L);
            throw new RateLimited("at most " + limit.requests() + " " + kind.name().toLowerCase(Locale.ROOT) + " requests per "
                    + unit(limit) + " on " + resource.name() + " per caller; try again in " + seconds + " s", seconds);
        }
    }

    private static String unit(RateLimit limit) {
        var window = limit.window();
        String unit;
        if (window.equals(Duration.ofSeconds(1))) {
            unit = "second";
        } else if (window.equals(Duration.ofMinutes(1))) {
            unit = "minute";
        } else if (window.equals(Duration.ofHours(1))) {
            unit = "hour";
        } else if (window.equals(Duration.ofDays(1))) {
            unit = "day";
        } else {
            unit = window.toSeconds() + " s";
        }
        return unit;
    }
}
