package io.dbbasic.events.subscribe;

import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.events.api.Params;
import io.dbbasic.events.model.EventFilter;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * {@code WS /subscribe?from_position=&category=&type=}: each message is one event as JSON, in position
 * order. Parameters are checked before the upgrade, so a bad one is a 400 problem body, not a dropped
 * socket. Messages from the client are ignored.
 */
public final class SubscriptionRoutes {
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(2);
    static final long PING_SECONDS = 20;

    private final SubscriptionHub hub;

    public SubscriptionRoutes(SubscriptionHub hub) {
        this.hub = hub;
    }

    /** {@code guard} runs before the upgrade: the place where authentication plugs in. */
    public void addTo(RoutesConfig routes, Handler guard) {
        routes.wsBeforeUpgrade("/subscribe", ctx -> {
            guard.handle(ctx);
            request(new Params(ctx.queryParamMap()));
        });
        routes.get("/subscribe", ctx -> {
            throw new BadRequest("/subscribe is a WebSocket endpoint: connect to ws://" + ctx.host() + "/subscribe");
        });
        routes.ws("/subscribe", ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setIdleTimeout(IDLE_TIMEOUT);
                ctx.enableAutomaticPings(PING_SECONDS, TimeUnit.SECONDS);
                var request = request(new Params(ctx.queryParamMap()));
                hub.open(ctx.sessionId(), new JettyPeer(ctx), request.from(), request.filter());
            });
            ws.onClose(ctx -> hub.closed(ctx.sessionId()));
            ws.onError(ctx -> hub.closed(ctx.sessionId()));
            ws.onMessage(ctx -> { });
        });
    }

    private record Request(OptionalLong from, EventFilter filter) {}

    private static Request request(Params params) {
        return new Request(params.number("from_position", 0), params.filter());
    }

    /** A Javalin/Jetty WebSocket session as a {@link Peer}: asynchronous sends with completion callbacks. */
    private record JettyPeer(WsContext ctx) implements Peer {
        @Override
        public void send(String text, Runnable sent, Consumer<Throwable> failed) {
            ctx.session.sendText(text, Callback.from(sent, failed));
        }

        @Override
        public void close(int code, String reason) {
            ctx.disableAutomaticPings();
            // A close frame's reason holds at most 123 bytes.
            var bounded = reason.length() > 100 ? reason.substring(0, 100) : reason;
            ctx.session.close(code, bounded, Callback.NOOP);
        }
    }
}
