package io.dbbasic.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.common.activity.Activity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Sliding-window request statistics: rates, percentiles and error rates over complete seconds. */
class RequestWindowsTest {
    private static final Instant T0 = Instant.parse("2026-11-25T20:00:00Z");

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private Instant now;

        ManualClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }

        @Override public Clock withZone(ZoneId zone) { return this; }

        @Override public Instant instant() { return now; }
    }

    private final ManualClock clock = new ManualClock(T0);
    private final RequestWindows windows = new RequestWindows(clock, 10);

    private static Activity request(String service, Instant at, double ms, int status) {
        return Activity.request(service, "GET", "/api/posts", status, ms, "posts", at);
    }

    @Test
    void rate_and_percentiles_cover_the_last_ten_complete_seconds() {
        var batch = new ArrayList<Activity>();
        for (int i = 1; i <= 100; i++) {   // 1 ms … 100 ms, spread over seconds 0..9
            batch.add(request("crud-engine", T0.plusMillis(i * 99L), i, 200));
        }
        windows.record(batch);
        clock.advance(Duration.ofSeconds(10));

        var stats = windows.of("crud-engine");

        assertThat(stats.requests()).isEqualTo(100);
        assertThat(stats.requestsPerSecond()).isEqualTo(10.0);
        assertThat(stats.p50Ms()).isCloseTo(50.0, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(stats.p95Ms()).isCloseTo(95.0, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(stats.p99Ms()).isCloseTo(99.0, org.assertj.core.data.Percentage.withPercentage(2));
        assertThat(stats.errorRate()).isEqualTo(0.0);
    }

    @Test
    void the_second_in_progress_joins_only_when_it_is_complete() {
        windows.record(List.of(request("crud-engine", T0, 5, 200)));

        assertThat(windows.of("crud-engine").requests()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(windows.of("crud-engine").requests()).isEqualTo(1);
    }

    @Test
    void old_requests_slide_out_of_the_window() {
        windows.record(List.of(request("crud-engine", T0, 5, 200)));
        clock.advance(Duration.ofSeconds(10));
        assertThat(windows.of("crud-engine").requests()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));

        var stats = windows.of("crud-engine");
        assertThat(stats.requests()).isZero();
        assertThat(stats.p50Ms()).as("no requests: no latency, not 0 ms").isNull();
        assertThat(stats.errorRate()).isNull();
    }

    @Test
    void a_slot_reused_for_a_later_second_forgets_the_earlier_one() {
        windows.record(List.of(request("crud-engine", T0, 500, 500)));
        clock.advance(Duration.ofSeconds(11));   // T0's slot is now reused
        windows.record(List.of(request("crud-engine", clock.instant(), 1, 200)));
        clock.advance(Duration.ofSeconds(1));

        var stats = windows.of("crud-engine");
        assertThat(stats.requests()).isEqualTo(1);
        assertThat(stats.serverErrors()).isZero();
        assertThat(stats.p99Ms()).isEqualTo(1.0);
    }

    @Test
    void late_events_land_in_their_own_second_and_too_old_ones_are_ignored() {
        clock.advance(Duration.ofSeconds(30));
        windows.record(List.of(
                request("crud-engine", clock.instant().minusSeconds(3), 7, 200),     // late but in the window
                request("crud-engine", clock.instant().minusSeconds(25), 7, 200)));  // before the window
        clock.advance(Duration.ofSeconds(1));

        assertThat(windows.of("crud-engine").requests()).isEqualTo(1);
    }

    @Test
    void a_clock_ahead_of_ours_counts_as_now() {
        windows.record(List.of(request("crud-engine", T0.plusSeconds(3600), 7, 200)));
        clock.advance(Duration.ofSeconds(1));

        assertThat(windows.of("crud-engine").requests()).isEqualTo(1);
    }

    @Test
    void error_rate_is_the_share_of_5xx_and_4xx_are_counted_apart() {
        windows.record(List.of(
                request("crud-engine", T0, 1, 200), request("crud-engine", T0, 1, 201),
                request("crud-engine", T0, 1, 404), request("crud-engine", T0, 1, 503)));
        clock.advance(Duration.ofSeconds(1));

        var stats = windows.of("crud-engine");
        assertThat(stats.serverErrors()).isEqualTo(1);
        assertThat(stats.clientErrors()).isEqualTo(1);
        assertThat(stats.errorRate()).isEqualTo(0.25);
    }

    @Test
    void services_are_kept_apart_and_other_event_types_are_not_requests() {
        windows.record(List.of(
                request("crud-engine", T0, 1, 200),
                request("event-store", T0, 1, 200), request("event-store", T0, 1, 200),
                Activity.change("crud-engine", "posts", "created", 1, T0),
                Activity.reload("crud-engine", "posts", "posts.yaml loaded", T0)));
        clock.advance(Duration.ofSeconds(1));

        assertThat(windows.snapshot()).containsOnlyKeys("crud-engine", "event-store");
        assertThat(windows.of("crud-engine").requests()).isEqualTo(1);
        assertThat(windows.of("event-store").requests()).isEqualTo(2);
        assertThat(windows.of("ai-service-builder")).isEqualTo(WindowStats.empty(10));
    }
}
