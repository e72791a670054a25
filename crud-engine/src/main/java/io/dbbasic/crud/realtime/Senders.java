package io.dbbasic.crud.realtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends the outboxes the dispatcher filled, on as many threads as there are shards, so that one change
 * reaches a thousand sockets on every core instead of one: each send is a socket write, and a fan-out
 * from one thread takes as long as all of them in a row.
 *
 * <p>A connection belongs to one shard for its life, and only its shard's thread starts its sends (a
 * send that completes later continues from Jetty's thread, one frame in flight, as before), so its
 * frames keep the order the dispatcher queued them in. Shard 0 is the dispatcher thread itself: it sends
 * its share after handing the other shards theirs, so a single shard means no handoff at all.
 *
 * <p>Threads: {@link #assign} runs on Jetty threads; {@link #ready} and {@link #flush} only on the
 * dispatcher thread, which alone touches the lists.
 */
final class Senders implements AutoCloseable {
    private final ExecutorService[] threads;
    /** Per shard, the connections readied since the last flush, each once, in the order they were readied. */
    private final List<Set<Connection>> ready = new ArrayList<>();
    private final AtomicInteger assigned = new AtomicInteger();

    Senders(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("at least one sender shard: " + shards);
        }
        threads = new ExecutorService[shards];
        for (var shard = 1; shard < shards; shard++) {
            var name = "realtime-send-" + shard;
            threads[shard] = Executors.newSingleThreadExecutor(task -> {
                var thread = new Thread(task, name);
                thread.setDaemon(true);
                return thread;
            });
        }
        for (var shard = 0; shard < shards; shard++) {
            ready.add(new LinkedHashSet<>());
        }
    }

    /** The shard of a new connection: round robin, so the sockets spread evenly. */
    int assign() {
        return Math.floorMod(assigned.getAndIncrement(), threads.length);
    }

    /** Dispatcher thread: {@code connection} has queued frames to send at the next {@link #flush}. */
    void ready(Connection connection) {
        ready.get(connection.shard()).add(connection);
    }

    /** Dispatcher thread: starts sending every outbox readied since the last flush. */
    void flush() {
        for (var shard = 1; shard < threads.length; shard++) {
            var batch = take(shard);
            if (!batch.isEmpty()) {
                try {
                    threads[shard].execute(() -> batch.forEach(Connection::pump));
                } catch (RejectedExecutionException e) {
                    return;   // stopping: the sockets are being closed
                }
            }
        }
        take(0).forEach(Connection::pump);
    }

    private Set<Connection> take(int shard) {
        var batch = ready.get(shard);
        if (batch.isEmpty()) {
            return Set.of();
        }
        ready.set(shard, new LinkedHashSet<>());
        return batch;
    }

    @Override
    public void close() {
        for (var shard = 1; shard < threads.length; shard++) {
            threads[shard].shutdownNow();
        }
        try {
            for (var shard = 1; shard < threads.length; shard++) {
                threads[shard].awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
