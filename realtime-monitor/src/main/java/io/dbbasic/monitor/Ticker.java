package io.dbbasic.monitor;

import io.dbbasic.monitor.activity.ActivityLog;
import io.dbbasic.monitor.health.ServicePoller;
import io.dbbasic.monitor.live.LiveHub;
import io.dbbasic.monitor.live.LiveMessages;
import io.dbbasic.monitor.metrics.MetricsRoutes;
import io.dbbasic.monitor.metrics.Sampler;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's heartbeat, on one scheduler thread: every 2 s probe the services, take a sample, send
 * both to the browsers; every minute drop what is older than an hour. A failing tick is logged and the
 * next one runs anyway (a scheduled task that throws would otherwise never run again).
 */
final class Ticker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ticker.class);
    private static final int PRUNE_EVERY_TICKS = 30;

    private final ServicePoller poller;
    private final Sampler sampler;
    private final MetricsRoutes metrics;
    private final ActivityLog activity;
    private final LiveHub hub;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(run -> {
        var thread = new Thread(run, "monitor-ticker");
        thread.setDaemon(true);
        return thread;
    });
    private long ticks;   // touched only by the scheduler thread

    Ticker(ServicePoller poller, Sampler sampler, MetricsRoutes metrics, ActivityLog activity, LiveHub hub) {
        this.poller = poller;
        this.sampler = sampler;
        this.metrics = metrics;
        this.activity = activity;
        this.hub = hub;
    }

    void start() {
        var interval = ServicePoller.INTERVAL.toMillis();
        scheduler.scheduleAtFixedRate(this::tick, 0, interval, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            poller.tick();
            sampler.tick();
            hub.broadcast(metrics.current());
            hub.broadcast(new LiveMessages.HealthMessage(poller.statuses()));
            if (++ticks % PRUNE_EVERY_TICKS == 0) {
                activity.prune();
                sampler.prune();
            }
        } catch (RuntimeException e) {
            log.warn("monitor tick failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
