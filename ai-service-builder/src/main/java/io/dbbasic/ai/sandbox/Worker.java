package io.dbbasic.ai.sandbox;

import io.dbbasic.ai.gate.CompiledHook;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One hook worker JVM, seen from the builder. Used by one caller at a time (the pool lends it out);
 * its reader thread only moves reply frames from the process's stdout into {@code replies}.
 */
final class Worker {
    /** Why a call got no reply. */
    static final class NoReply extends Exception {
        final boolean died;

        NoReply(String message, boolean died) {
            super(message, null, false, false);
            this.died = died;
        }
    }

    private static final Object READY = new Object();
    private static final Object GONE = new Object();

    private final Process process;
    private final DataOutputStream out;
    private final BlockingQueue<Object> replies = new ArrayBlockingQueue<>(2);
    private final Set<String> defined = new HashSet<>();

    private Worker(Process process) {
        this.process = process;
        this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
        var in = new DataInputStream(new BufferedInputStream(process.getInputStream()));
        var reader = new Thread(() -> read(in), "hook-worker-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static Worker start(List<String> command, Duration startTimeout) throws IOException {
        var builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        // Hook code cannot read the environment (the gate refuses System), and the worker does not get
        // the builder's anyway: secrets such as OPENAI_API_KEY stay out of the process that runs hooks.
        builder.environment().keySet().retainAll(java.util.Set.of("PATH", "LANG", "LC_ALL", "TZ"));
        var process = builder.start();
        var worker = new Worker(process);
        try {
            var first = worker.replies.poll(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (first != READY) {
                worker.kill();
                throw new IOException("the hook worker did not start within " + startTimeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            worker.kill();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting a hook worker", e);
        }
        return worker;
    }

    private void read(DataInputStream in) {
        try {
            while (true) {
                var frame = in.readUnsignedByte();
                if (frame == WorkerProtocol.READY) {
                    replies.put(READY);
                } else if (frame == WorkerProtocol.REPLY) {
                    replies.put(WorkerMain.readBytes(in));
                } else {
                    break;
                }
            }
        } catch (IOException e) {
            // the process ended or its pipe broke: reported below as GONE
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replies.offer(GONE);
    }

    /** Sends the version if this worker lacks it, runs the call and waits at most {@code wait} for the reply. */
    byte[] call(String key, CompiledHook hook, Limits limits, byte[] request, Duration wait) throws NoReply {
        try {
            if (!defined.contains(key)) {
                out.writeByte(WorkerProtocol.DEFINE);
                out.writeUTF(key);
                out.writeUTF(hook.hookClass());
                out.writeInt(hook.classes().size());
                for (var entry : hook.classes().entrySet()) {
                    out.writeUTF(entry.getKey());
                    out.writeInt(entry.getValue().length);
                    out.write(entry.getValue());
                }
                defined.add(key);
            }
            out.writeByte(WorkerProtocol.INVOKE);
            out.writeUTF(key);
            out.writeLong(limits.ticks());
            out.writeLong(limits.wallTime().toNanos());
            out.writeInt(request.length);
            out.write(request);
            out.flush();
        } catch (IOException e) {
            throw new NoReply("the hook worker is gone", true);
        }
        Object reply;
        try {
            reply = replies.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoReply("interrupted", false);
        }
        if (reply instanceof byte[] bytes) {
            return bytes;
        }
        if (reply == null) {
            throw new NoReply("no reply in time", false);
        }
        throw new NoReply("the hook worker died", true);
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Exit code once it has died, e.g. 3 after running out of memory; -1 while alive. */
    int exitCode() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    void kill() {
        process.destroyForcibly();
    }
}
