package io.dbbasic.events.subscribe;

import java.util.function.Consumer;

/** The far end of one subscription: a WebSocket session, seen only through what the hub needs. */
interface Peer {
    /** Sends one text message without blocking; exactly one of the callbacks runs later, on any thread. */
    void send(String text, Runnable sent, Consumer<Throwable> failed);

    /** Closes the session with a WebSocket close code and a reason the client sees. */
    void close(int code, String reason);
}
