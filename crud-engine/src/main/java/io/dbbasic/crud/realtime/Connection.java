package io.dbbasic.crud.realtime;

import io.dbbasic.common.auth.Caller;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client socket and its bounded outbox. Only the dispatcher thread adds to the outbox; the sending
 * is asynchronous with at most one frame in flight. It starts on the connection's sender shard
 * ({@link Senders}) and is continued by whichever thread completes the previous frame (the shard's thread
 * when Jetty writes at once, a Jetty thread when the socket was full). So a slow
 * client holds up nobody: its outbox fills, the dispatcher stops giving it live events (its
 * subscriptions fall back to reading the change log, see {@link Dispatcher}), and asks to be told when
 * the outbox has drained below the low-water mark again ({@link #awaitRoom}).
 *
 * <p>Threads: {@code queue}/{@code queued} are written by the dispatcher (add) and the current sender
 * (poll); {@code sending} hands the sender role over; {@code wantsRoom} is set by the dispatcher and
 * cleared by whichever side sees the room first; {@code inbound} counts client messages the dispatcher
 * has not handled yet (Jetty thread adds, dispatcher subtracts).
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** Close code 1008: the client broke the protocol's limits (flooding, never reading replies). */
    static final int POLICY_VIOLATION = 1008;

    private final String id;
    private final Caller caller;
    private final Transport transport;
    private final RealtimeHub.Settings settings;
    private final Consumer<Connection> roomAgain;
    private final Consumer<Connection> ready;
    private final int shard;
    private final Queue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean wantsRoom = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger inbound = new AtomicInteger();

    /**
     * {@code ready} is told (on the dispatcher thread) when the outbox has something new to send; whoever it
     * tells then calls {@link #pump} on the thread of {@code shard}.
     */
    Connection(String id, Caller caller, Transport transport, RealtimeHub.Settings settings, int shard,
               Consumer<Connection> ready, Consumer<Connection> roomAgain) {
        this.id = id;
        this.caller = caller;
        this.transport = transport;
        this.settings = settings;
        this.shard = shard;
        this.ready = ready;
        this.roomAgain = roomAgain;
    }

    String id() {
        return id;
    }

    Caller caller() {
        return caller;
    }

    int shard() {
        return shard;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Dispatcher thread: queues an event unless the outbox is full (then the caller falls back to the log). */
    boolean offerEvent(String text) {
        if (closed.get()) {
            return true;   // nobody to deliver to; the subscription is about to be dropped
        }
        if (queued.get() >= settings.outboxCapacity()) {
            return false;
        }
        enqueue(text);
        return true;
    }

    /**
     * Dispatcher thread: queues a reply (ack, error, notice). Replies may exceed the event capacity by a
     * margin so an ack is never refused; a client that lets even that margin fill never reads and is closed.
     */
    void reply(String text) {
        if (closed.get()) {
            return;
        }
        if (queued.get() >= settings.outboxCapacity() + settings.replyHeadroom()) {
            close(POLICY_VIOLATION, "too many unread messages; read what the server sends");
            return;
        }
        enqueue(text);
    }

    /** Dispatcher thread: whether a page of the change log may be queued now. */
    boolean hasRoom() {
        return queued.get() < settings.lowWater();
    }

    /**
     * Dispatcher thread: true when there is room now; otherwise the room callback will run (once) when
     * the outbox drains below the low-water mark. Setting the flag before re-reading the count means a
     * drain between the two cannot be missed.
     */
    boolean awaitRoom() {
        wantsRoom.set(true);
        return hasRoom() && wantsRoom.compareAndSet(true, false);
    }

    /** Jetty thread: a client message arrived; false when too many are already waiting (a flood). */
    boolean acceptInbound() {
        return inbound.incrementAndGet() <= settings.maxPendingInbound();
    }

    /** Dispatcher thread: one client message was handled. */
    void inboundHandled() {
        inbound.decrementAndGet();
    }

    /** Any thread: closes the socket; Jetty then reports the close, which removes the subscriptions. */
    void close(int status, String reason) {
        if (closed.compareAndSet(false, true)) {
            queue.clear();
            try {
                transport.close(status, reason);
            } catch (RuntimeException e) {
                log.debug("closing connection {} failed", id, e);
            }
        }
    }

    /** Jetty thread: the socket is gone; drop what was not sent. */
    void closed() {
        closed.set(true);
        queue.clear();
    }

    int queued() {
        return queued.get();
    }

    private void enqueue(String text) {
        queue.add(text);
        queued.incrementAndGet();
        ready.accept(this);
    }

    /**
     * The shard's thread, or the Jetty thread that completed the previous frame: sends queued frames one at
     * a time. A send that completes inline does not recurse: the completion only hands the sender role back
     * and this loop continues; a send that completes later continues the loop from its own (Jetty) thread.
     */
    void pump() {
        while (!closed.get() && sending.compareAndSet(false, true)) {
            var next = queue.poll();
            if (next == null) {
                sending.set(false);
                if (queue.isEmpty()) {
                    return;
                }
                continue;   // the dispatcher added one between the poll and the release
            }
            var send = new Send();
            try {
                transport.send(next, send::sent, send::failed);
            } catch (RuntimeException e) {
                send.failed(e);
            }
            if (send.handedOff()) {
                return;
            }
        }
    }

    /** One frame in flight: {@code state} 0 = sending, 1 = the send call returned first, 2 = it completed inline. */
    private final class Send {
        private final AtomicInteger state = new AtomicInteger();

        void sent() {
            finished();
            if (!state.compareAndSet(0, 2)) {
                pump();
            }
        }

        void failed(Throwable error) {
            log.debug("send to {} failed; closing", id, error);
            finished();
            closed();
            state.set(2);
        }

        /** True when the completion has not run yet: it will continue pumping, the caller stops. */
        boolean handedOff() {
            return state.compareAndSet(0, 1);
        }

        private void finished() {
            var left = queued.decrementAndGet();
            sending.set(false);
            if (left < settings.lowWater() && wantsRoom.compareAndSet(true, false)) {
                roomAgain.accept(Connection.this);
            }
        }
    }
}
