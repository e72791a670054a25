package io.dbbasic.common.tasks;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a queue's due tasks on one background thread, by kind. It waits until the next task is due (at
 * most {@code idle}), or until {@link #wake()} says a task was just enqueued. A kind without a handler
 * fails its task, so a misconfiguration ends up visible among the dead tasks rather than lost.
 */
public final class TaskWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskWorker.class);

    private final TaskQueue queue;
    private final Map<String, TaskHandler> handlers;
    private final Clock clock;
    private final Duration idle;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signal = lock.newCondition();
    private final Thread thread;
    private volatile boolean running = true;
    private boolean woken;

    public TaskWorker(TaskQueue queue, Map<String, TaskHandler> handlers, Clock clock, Duration idle) {
        this.queue = queue;
        this.handlers = Map.copyOf(handlers);
        this.clock = clock;
        this.idle = idle;
        this.thread = new Thread(this::run, "task-worker");
        thread.setDaemon(true);
    }

    public TaskWorker start() {
        thread.start();
        return this;
    }

    /** Call after enqueueing, so the task runs now rather than at the next poll. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            signal.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (running) {
            try {
                var task = queue.claim();
                if (task.isPresent()) {
                    execute(task.get());
                } else {
                    waitForWork();
                }
            } catch (RuntimeException e) {
                log.warn("task worker: {}", e.toString());
                waitForWork();
            }
        }
    }

    private void execute(Task task) {
        var handler = handlers.get(task.kind());
        try {
            if (handler == null) {
                throw new IllegalStateException("no handler for tasks of kind " + task.kind());
            }
            handler.handle(task);
            queue.complete(task.id());
        } catch (Exception e) {
            var failed = queue.fail(task.id(), e.getMessage() == null ? e.toString() : e.getMessage());
            if (failed.status() == TaskStatus.DEAD) {
                log.warn("task {} ({}) is dead after {} attempts: {}", task.id(), task.kind(), failed.attempts(), failed.lastError());
            }
        }
    }

    private void waitForWork() {
        var wait = idle;
        var next = queue.nextDue();
        if (next.isPresent()) {
            var until = Duration.between(clock.instant(), next.get());
            if (until.compareTo(wait) < 0) {
                wait = until.isNegative() ? Duration.ZERO : until;
            }
        }
        lock.lock();
        try {
            if (!woken && running && !wait.isZero()) {
                signal.await(wait.toNanos(), TimeUnit.NANOSECONDS);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
