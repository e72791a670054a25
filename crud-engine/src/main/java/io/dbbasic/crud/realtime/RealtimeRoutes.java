package io.dbbasic.crud.realtime;

import io.dbbasic.common.auth.Caller;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code WS /ws} (CONTRACT §5). Handlers run on Jetty threads, concurrently across connections and one
 * at a time per connection; each hands its event to the hub and returns.
 */
public final class RealtimeRoutes {
    private final RealtimeHub hub;
    private final Function<WsContext, Caller> callers;

    /** {@code callers} says who opened the socket, from its upgrade request (Bearer token or session cookie). */
    public RealtimeRoutes(RealtimeHub hub, Function<WsContext, Caller> callers) {
        this.hub = hub;
        this.callers = callers;
    }

    public void register(RoutesConfig routes) {
        var pings = hub.settings().pingInterval().toMillis();
        routes.ws("/ws", ws -> {
            ws.onConnect(ctx -> {
                // Jetty closes a socket after its idle timeout (30 s by default); a quiet subscription must stay open.
                ctx.enableAutomaticPings(pings, TimeUnit.MILLISECONDS);
                hub.opened(ctx.sessionId(), callers.apply(ctx), Transport.of(ctx.session));
            });
            ws.onMessage(ctx -> hub.received(ctx.sessionId(), ctx.message()));
            ws.onBinaryMessage(ctx -> hub.received(ctx.sessionId(), null));
            ws.onClose(ctx -> hub.closed(ctx.sessionId()));
            ws.onError(ctx -> hub.closed(ctx.sessionId()));
        });
    }
}
