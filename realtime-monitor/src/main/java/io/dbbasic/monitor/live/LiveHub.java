package io.dbbasic.monitor.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * The browsers watching {@code WS /ws}. Owns the live sessions: any thread may {@link #broadcast}
 * (ingestion workers, the scheduler, probe completions); sends are asynchronous, and a browser that
 * falls more than {@link #MAX_PENDING} messages behind is disconnected (it reconnects and reloads its
 * state) instead of letting its backlog grow in the monitor's memory.
 */
public final class LiveHub {
    static final int MAX_PENDING = 256;

    private final ObjectMapper json;
    private final Supplier<List<Object>> greeting;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    private record Client(WsContext ctx, AtomicInteger pending) {}

    /** @param greeting the messages a browser gets as soon as it connects (the current state) */
    public LiveHub(ObjectMapper json, Supplier<List<Object>> greeting) {
        this.json = json;
        this.greeting = greeting;
    }

    public void addTo(RoutesConfig routes, String path) {
        routes.ws(path, ws -> {
            ws.onConnect(ctx -> {
                ctx.enableAutomaticPings();
                var client = new Client(ctx, new AtomicInteger());
                clients.put(ctx.sessionId(), client);
                for (var message : greeting.get()) {
                    send(client, text(message));
                }
            });
            ws.onMessage(ctx -> { /* browsers only listen; filtering happens in the page */ });
            ws.onClose(ctx -> clients.remove(ctx.sessionId()));
            ws.onError(ctx -> clients.remove(ctx.sessionId()));
        });
    }

    /** Sends {@code message} (serialised once) to every connected browser. */
    public void broadcast(Object message) {
        if (clients.isEmpty()) {
            return;
        }
        var text = text(message);
        clients.values().forEach(client -> send(client, text));
    }

    public int connected() {
        return clients.size();
    }

    private void send(Client client, String text) {
        var session = client.ctx().session;
        if (!session.isOpen()) {
            clients.remove(client.ctx().sessionId());
            return;
        }
        if (client.pending().incrementAndGet() > MAX_PENDING) {
            client.pending().decrementAndGet();
            clients.remove(client.ctx().sessionId());
            client.ctx().closeSession(WsCloseStatus.TRY_AGAIN_LATER, "too far behind; reconnect to catch up");
            return;
        }
        session.sendText(text, Callback.from(client.pending()::decrementAndGet, failure -> client.pending().decrementAndGet()));
    }

    private String text(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise a live message", e);
        }
    }
}
