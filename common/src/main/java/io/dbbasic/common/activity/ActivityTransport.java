package io.dbbasic.common.activity;

import io.dbbasic.common.auth.ServiceTokens;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.ServiceId;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How a batch of activity leaves a service. Every service but the monitor posts it over HTTP; the
 * monitor hands its own activity straight to its ingestion, so it never calls itself.
 */
@FunctionalInterface
public interface ActivityTransport {
    /** Delivers one batch; throws when it could not (the reporter then counts the batch as dropped). */
    void send(List<Activity> batch) throws IOException;

    /**
     * {@code POST http://127.0.0.1:<monitor port>/api/activity}, the monitor of this stack, with the
     * service token of {@code service} (made on the first post: a service that never reports touches no key).
     */
    static ActivityTransport toMonitor(Environment env, String service) {
        var tokens = new AtomicReference<ServiceTokens>();
        return new HttpActivityTransport(URI.create("http://127.0.0.1:" + env.port(ServiceId.REALTIME_MONITOR) + "/api/activity"),
                () -> tokens.updateAndGet(t -> t != null ? t : ServiceTokens.forService(env, service)).authorization());
    }

    /** Reports nothing, for listeners that are not services (the static site). */
    static ActivityTransport none() {
        return Disabled.INSTANCE;
    }

    /** The transport {@link #none()} returns; the reporter recognises it and starts no thread. */
    enum Disabled implements ActivityTransport {
        INSTANCE;

        @Override
        public void send(List<Activity> batch) {
            // reporting is off: nothing to deliver
        }
    }
}
