package io.dbbasic.monitor.metrics;

/**
 * One service's requests over the last {@code seconds} complete seconds: counts, rate, latency
 * percentiles (null when there were no requests: "no data" is not "0 ms") and the share of 5xx answers.
 */
public record WindowStats(int seconds, long requests, long serverErrors, long clientErrors,
                          Double p50Ms, Double p95Ms, Double p99Ms) {
    public static WindowStats empty(int seconds) {
        return new WindowStats(seconds, 0, 0, 0, null, null, null);
    }

    public double requestsPerSecond() {
        return (double) requests / seconds;
    }

    /** 5xx answers as a share of all answers, null without requests. */
    public Double errorRate() {
        return requests == 0 ? null : (double) serverErrors / requests;
    }
}
