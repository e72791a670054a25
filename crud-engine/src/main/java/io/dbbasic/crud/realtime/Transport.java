package io.dbbasic.crud.realtime;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * The sending half of one WebSocket, as the outbox needs it: an asynchronous send that reports when the
 * frame has gone out, and a close. The seam lets tests stand in a client that stops reading.
 */
interface Transport {
    /** Starts sending {@code text}; exactly one of the callbacks runs, possibly before this returns. */
    void send(String text, Runnable sent, java.util.function.Consumer<Throwable> failed);

    void close(int status, String reason);

    /** Jetty 12's own non-blocking send: the callback runs once the frame is written (or on a Jetty thread later). */
    static Transport of(Session session) {
        return new Transport() {
            @Override
            public void send(String text, Runnable sent, java.util.function.Consumer<Throwable> failed) {
                session.sendText(text, Callback.from(sent, failed));
            }

            @Override
            public void close(int status, String reason) {
                session.close(status, reason, Callback.NOOP);
            }
        };
    }
}
