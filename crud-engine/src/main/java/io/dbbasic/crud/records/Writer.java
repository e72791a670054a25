package io.dbbasic.crud.records;

import io.dbbasic.common.errors.ApiException;
import io.dbbasic.common.errors.Conflict;
import io.dbbasic.common.errors.DependencyDown;
import io.dbbasic.common.storage.DuckDbFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes one database file, with group commit: the mutations queued while a commit
 * runs share the next transaction (a durable commit costs the same for one row or fifty), and each is
 * acknowledged only after that commit. Because it is the only writer of its file, its checks (unique,
 * references, workflow) see exactly the state its statements change. Its listeners run on this thread
 * after each commit, in commit order; they must not block.
 *
 * <p>DuckDB's cost of a transaction is mostly fixed: bench/crudbench/WriteProbe measured about 3 ms of
 * the writer's CPU for a group of one create (the transaction-local storage of the record's table and of
 * the change table) against about 0.07 ms for each further create. Under load, groups therefore also
 * {@linkplain Gathering wait a little} for writes still on their way, so that fewer, fuller groups commit:
 * clients answered by one commit come back while the next group is still open instead of forming a group
 * of their own. A writer that saw no concurrency (its last group held one write) never waits. In WriteProbe
 * (same session, alternating) this took 4 clients from 441 to 1,009 creates/s (p50 8.8 to 3.5 ms), 8 from
 * 943 to 1,505/s, and 32 from 2,400 and 2,641 to 2,752 and 2,885/s, with 15% less CPU per create.
 */
final class Writer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Writer.class);
    static final int MAX_BATCH = 256;
    static final int MAX_QUEUED = 10_000;

    /**
     * How an open group waits for more writes: as long as each next one arrives within {@code gap} of the
     * one before, up to {@code limit} after the group was opened (PostgreSQL's commit_delay, made adaptive).
     */
    record Gathering(Duration gap, Duration limit) {
        // a gap of about one inter-arrival time at 3,000 writes/s; the limit, half of a small group's commit
        static final Gathering DEFAULT = new Gathering(Duration.ofNanos(300_000), Duration.ofMillis(2));
    }

    private record Pending(Mutation mutation, CompletableFuture<List<Change>> done) {}

    private final String database;
    private final DuckDbFile db;
    private final Mutations mutations;
    private final ChangeLog changeLog;
    private final TableAppender appender;
    private final Consumer<List<Change>> committed;
    private final Gathering gathering;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(MAX_QUEUED);
    private final Thread thread;
    // touched only by the writer thread after construction
    private final Sequences sequences;
    private volatile boolean running = true;

    Writer(String database, DuckDbFile db, Mutations mutations, ChangeLog changeLog, TableAppender appender, Gathering gathering,
           Consumer<List<Change>> committed) {
        this.database = database;
        this.db = db;
        this.mutations = mutations;
        this.changeLog = changeLog;
        this.appender = appender;
        this.committed = committed;
        this.gathering = gathering;
        this.sequences = db.inTransaction(conn -> {
            changeLog.create(conn);
            return new Sequences(changeLog.lastPositions(conn), changeLog.lastRecordIds(conn));
        });
        this.thread = new Thread(this::run, "writer-" + database);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    CompletableFuture<List<Change>> submit(Mutation mutation) {
        var pending = new Pending(mutation, new CompletableFuture<>());
        if (!running || !queue.offer(pending)) {
            pending.done.completeExceptionally(new DependencyDown("too many writes are waiting for " + database + "; try again shortly"));
        }
        return pending.done;
    }

    private void run() {
        var batch = new ArrayList<Pending>(MAX_BATCH);
        var concurrent = false;
        while (running) {
            try {
                batch.add(queue.take());
                queue.drainTo(batch, MAX_BATCH - 1);
                if (concurrent) {
                    gather(batch);
                }
            } catch (InterruptedException e) {
                if (batch.isEmpty()) {
                    break;
                }
                // close() while a group was open: commit what was taken, then stop
            }
            concurrent = batch.size() > 1;
            var group = new ArrayList<Pending>();
            for (var pending : batch) {
                if (pending.mutation() instanceof Mutation.AllOrNothing) {
                    commit(group);
                    group.clear();
                    commit(List.of(pending));
                } else if (pending.mutation() instanceof Mutation.Import job) {
                    commit(group);
                    group.clear();
                    importAlone(pending, job.job());
                } else {
                    group.add(pending);
                }
            }
            commit(group);
            batch.clear();
        }
        var left = new ArrayList<Pending>();
        queue.drainTo(left);
        left.forEach(p -> p.done.completeExceptionally(new DependencyDown("the crud-engine is shutting down")));
    }

    private void gather(List<Pending> batch) throws InterruptedException {
        var deadline = System.nanoTime() + gathering.limit().toNanos();
        var gap = gathering.gap().toNanos();
        while (batch.size() < MAX_BATCH) {
            var left = deadline - System.nanoTime();
            var next = left > 0 ? queue.poll(Math.min(gap, left), TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, MAX_BATCH - batch.size());
        }
    }

    private record Outcome(List<Change> changes, ApiException refused) {}

    private void commit(List<Pending> group) {
        if (group.isEmpty()) {
            return;
        }
        var before = sequences.snapshot();
        List<Outcome> outcomes;
        try {
            outcomes = db.inTransaction(conn -> {
                mutations.discardInserts();
                var results = new ArrayList<Outcome>(group.size());
                var changes = new ArrayList<Change>();
                for (var pending : group) {
                    try {
                        var made = mutations.apply(conn, sequences, pending.mutation());
                        changes.addAll(made);
                        results.add(new Outcome(made, null));
                    } catch (ApiException refused) {
                        results.add(new Outcome(List.of(), refused));
                    }
                }
                mutations.flushInserts(conn);      // the group's plain creates, through one appender per table
                changeLog.append(conn, appender, changes);
                return results;
            });
        } catch (Mutations.ItemFailed failed) {
            mutations.discardInserts();
            sequences.restore(before);
            group.get(0).done().completeExceptionally(failed);
            return;
        } catch (RuntimeException e) {
            mutations.discardInserts();
            sequences.restore(before);
            if (group.size() > 1) {
                // one mutation broke the shared transaction: run each alone so only that one fails
                group.forEach(pending -> commit(List.of(pending)));
            } else {
                group.get(0).done().completeExceptionally(translate(e));
            }
            return;
        }
        var all = new ArrayList<Change>();
        for (var i = 0; i < group.size(); i++) {
            var outcome = outcomes.get(i);
            if (outcome.refused() != null) {
                group.get(i).done().completeExceptionally(outcome.refused());
            } else {
                all.addAll(outcome.changes());
            }
        }
        if (!all.isEmpty()) {
            try {
                committed.accept(all);
            } catch (RuntimeException e) {
                log.error("a commit listener failed; the writes are committed", e);
            }
        }
        for (var i = 0; i < group.size(); i++) {
            if (outcomes.get(i).refused() == null) {
                group.get(i).done().complete(outcomes.get(i).changes());
            }
        }
    }

    /**
     * An import logs its changes as it inserts and may hold many; the listeners get them after the commit,
     * read back from the change log a page at a time, still on this thread and so still in commit order.
     */
    private void importAlone(Pending pending, ImportJob job) {
        var before = sequences.snapshot();
        var resource = job.resource().name();
        var from = sequences.lastPosition(resource);
        try {
            db.inTransaction(conn -> {
                job.run(conn, sequences, changeLog, appender);
                return null;
            });
        } catch (RuntimeException e) {
            sequences.restore(before);
            pending.done().completeExceptionally(translate(e));
            return;
        }
        job.deliver(db, changeLog, from, sequences.lastPosition(resource), committed);
        pending.done().complete(List.of());
    }

    /** DuckDB's own constraint checks back up ours; anything else is a real failure, logged by the mapper. */
    private static RuntimeException translate(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // an INSERT says "Duplicate key ... violates primary key constraint", an appender "PRIMARY KEY or UNIQUE constraint violation: duplicate key"
            var message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (message.contains("duplicate key") || message.contains("unique constraint")) {
                return new Conflict("a unique value is already taken");
            }
        }
        return e;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
