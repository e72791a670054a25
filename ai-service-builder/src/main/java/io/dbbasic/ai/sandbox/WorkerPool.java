package io.dbbasic.ai.sandbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.ai.gate.CompiledHook;
import io.dbbasic.common.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs hook calls in a few worker JVMs with a small heap ({@link Limits#workerHeapMb()}), one call per
 * worker at a time. Why separate JVMs: a loop counter cannot stop {@code "x".repeat(1 << 30)} or a
 * doubling {@code addAll}, and guarding every allocating JDK member is a list that is never complete.
 * A worker that runs out of memory exits ({@code -XX:+ExitOnOutOfMemoryError}); one that overruns its
 * wall time is killed. Either way the call is reported, a replacement starts in the background, and
 * the builder itself never shares a heap with hook code. Workers start lazily and exit when the
 * builder does (their stdin closes).
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    /** Time a call may wait beyond its own wall time: the worker's own clock check, the pipe, the JSON. */
    private static final Duration GRACE = Duration.ofMillis(500);

    private final Limits limits;
    private final List<String> command;
    private final BlockingQueue<Worker> idle;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger restarts = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Worker> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ExecutorService replacer = Executors.newSingleThreadExecutor(r -> {
        var thread = new Thread(r, "hook-worker-starter");
        thread.setDaemon(true);
        return thread;
    });
    private final ObjectMapper json = Json.newMapper();

    public WorkerPool(Limits limits) {
        this.limits = limits;
        this.idle = new ArrayBlockingQueue<>(limits.workers());
        var javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.command = List.of(javaBin, "-Xmx" + limits.workerHeapMb() + "m", "-Xss1m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-Xshare:auto",
                "-Dfile.encoding=UTF-8", "-Ddbbasic.hookworker=" + ProcessHandle.current().pid(),
                "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName());
    }

    public Limits limits() {
        return limits;
    }

    /** Worker JVMs started after one died or was killed, since this pool began. */
    public int restarts() {
        return restarts.get();
    }

    /** Runs one call of {@code hook}; {@code request} is the invoke body of CONTRACT §6. */
    public CallOutcome run(String service, CompiledHook hook, Map<String, ?> request) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(request);
        } catch (IOException e) {
            return new CallOutcome.Failed("the call cannot be written as JSON: " + e.getMessage());
        }
        // A call may wait for a worker as long as a busy one can take, or a dead one takes to come back.
        var borrowDeadline = System.nanoTime() + limits.wallTime().plus(GRACE).plus(START_TIMEOUT).toNanos();
        Worker worker;
        try {
            worker = borrow(borrowDeadline);
        } catch (IOException e) {
            return new CallOutcome.Failed("no hook worker could be started: " + e.getMessage());
        }
        if (worker == null) {
            return new CallOutcome.Stopped("no hook worker became free in time");
        }
        try {
            var reply = worker.call(service + "@" + hook.digest(), hook, limits, body, limits.wallTime().plus(GRACE));
            idle.offer(worker);
            return parse(reply);
        } catch (Worker.NoReply e) {
            // a worker that died closes its pipe a moment before it exits: wait for its own exit code
            // first, or the kill would turn an out-of-memory exit (3) into a SIGKILL (137)
            var code = e.died ? worker.exitCode() : -1;
            worker.kill();
            replace(worker);
            if (!e.died) {
                log.warn("hook {} overran its wall time; worker {} killed", service, worker.pid());
                return new CallOutcome.Stopped("stopped after running longer than its time limit of "
                        + limits.wallTime().toMillis() + " ms");
            }
            log.warn("hook {} took down worker {} (exit {})", service, worker.pid(), code);
            return new CallOutcome.Failed(code == 3
                    ? "the hook ran out of memory (the worker heap is " + limits.workerHeapMb() + " MB) and was stopped"
                    : "the hook's worker died (exit " + code + ")");
        }
    }

    private Worker borrow(long deadline) throws IOException {
        var worker = idle.poll();
        if (worker == null && started.getAndIncrement() < limits.workers()) {
            try {
                worker = startWorker();
            } catch (IOException | RuntimeException e) {
                started.decrementAndGet();
                throw e;
            }
        } else if (worker == null) {
            started.decrementAndGet();
            try {
                worker = idle.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        if (worker != null && !worker.alive()) {
            replace(worker);
            return borrow(deadline);
        }
        return worker;
    }

    private Worker startWorker() throws IOException {
        if (closed.get()) {
            throw new IOException("the worker pool is closed");
        }
        var worker = Worker.start(command, START_TIMEOUT);
        all.add(worker);
        log.info("hook worker {} started", worker.pid());
        return worker;
    }

    /** Drops a dead or killed worker and starts its successor in the background. */
    private void replace(Worker dead) {
        all.remove(dead);
        restarts.incrementAndGet();
        if (closed.get()) {
            started.decrementAndGet();
            return;
        }
        replacer.execute(() -> {
            try {
                idle.offer(startWorker());
            } catch (IOException | RuntimeException e) {
                started.decrementAndGet();
                log.warn("cannot start a hook worker: {}", e.getMessage());
            }
        });
    }

    private CallOutcome parse(byte[] reply) {
        try {
            var body = json.readValue(reply, new TypeReference<LinkedHashMap<String, Object>>() {});
            var outcome = String.valueOf(body.get("outcome"));
            var message = body.get("message") == null ? "" : String.valueOf(body.get("message"));
            switch (outcome) {
                case "continue": {
                    @SuppressWarnings("unchecked")
                    var record = (Map<String, Object>) body.getOrDefault("record", Map.of());
                    var notes = new ArrayList<Map<String, String>>();
                    if (body.get("notifications") instanceof List<?> list) {
                        for (var item : list) {
                            if (item instanceof Map<?, ?> note) {
                                var copy = new LinkedHashMap<String, String>();
                                note.forEach((k, v) -> copy.put(String.valueOf(k), String.valueOf(v)));
                                notes.add(copy);
                            }
                        }
                    }
                    return new CallOutcome.Continued(record, notes);
                }
                case "reject": {
                    var errors = new LinkedHashMap<String, String>();
                    if (body.get("errors") instanceof Map<?, ?> map) {
                        map.forEach((k, v) -> errors.put(String.valueOf(k), String.valueOf(v)));
                    }
                    return new CallOutcome.Rejected(message, errors);
                }
                case "stopped":
                    return new CallOutcome.Stopped(message);
                default:
                    return new CallOutcome.Failed(message);
            }
        } catch (IOException | ClassCastException e) {
            return new CallOutcome.Failed("the worker's reply is not readable: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        closed.set(true);
        replacer.shutdownNow();
        all.forEach(Worker::kill);
        all.clear();
        idle.clear();
    }
}
