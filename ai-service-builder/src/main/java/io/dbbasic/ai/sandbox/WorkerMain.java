package io.dbbasic.ai.sandbox;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;

/**
 * The main class of a hook worker JVM (started by {@link WorkerPool}, with a small heap). It answers
 * frames of {@link WorkerProtocol} one at a time until stdin closes. Running hooks here rather than in
 * the builder means that a hook that exhausts memory takes down only this worker, which is replaced.
 */
public final class WorkerMain {
    private WorkerMain() {}

    public static void main(String[] args) throws IOException {
        var out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        // stdout carries the protocol; anything printed by a library goes to stderr instead.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        var in = new DataInputStream(new BufferedInputStream(System.in));
        var runner = new HookRunner();
        warmUp(runner);
        out.writeByte(WorkerProtocol.READY);
        out.flush();
        while (true) {
            int frame;
            try {
                frame = in.readUnsignedByte();
            } catch (EOFException e) {
                return;
            }
            if (frame == WorkerProtocol.DEFINE) {
                define(in, runner);
            } else if (frame == WorkerProtocol.INVOKE) {
                var key = in.readUTF();
                var ticks = in.readLong();
                var wall = in.readLong();
                var request = readBytes(in);
                var reply = runner.invoke(key, ticks, wall, request);
                if (reply.length > WorkerProtocol.MAX_FRAME) {
                    reply = "{\"outcome\":\"failed\",\"message\":\"the hook's reply is larger than 16 MB\"}".getBytes(StandardCharsets.UTF_8);
                }
                out.writeByte(WorkerProtocol.REPLY);
                out.writeInt(reply.length);
                out.write(reply);
                out.flush();
            } else {
                throw new IOException("unknown frame " + frame);
            }
        }
    }

    /**
     * Loads what nearly every hook touches (JSON, regex, Unicode normalisation, BigDecimal, java.time)
     * before the worker says it is ready, so that the first real call is not charged with class loading.
     */
    private static void warmUp(HookRunner runner) throws IOException {
        java.text.Normalizer.normalize("Crème brûlée", java.text.Normalizer.Form.NFKD).replaceAll("\\p{M}+", "").split("\\s+");
        new java.math.BigDecimal("12.345").setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
        java.time.Instant.parse("2026-01-01T00:00:00Z").atZone(java.time.ZoneOffset.UTC).toLocalDate();
        runner.invoke("warm-up", 1, 1, "{\"record\":{\"a\":1.5}}".getBytes(StandardCharsets.UTF_8));
    }

    private static void define(DataInputStream in, HookRunner runner) throws IOException {
        var key = in.readUTF();
        var hookClass = in.readUTF();
        var count = in.readInt();
        var classes = new LinkedHashMap<String, byte[]>();
        for (int i = 0; i < count; i++) {
            classes.put(in.readUTF(), readBytes(in));
        }
        try {
            runner.define(key, hookClass, classes);
        } catch (ClassNotFoundException | LinkageError e) {
            // Reported at the first call of this version, which finds it missing.
            System.err.println("cannot define " + key + ": " + e);
        }
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        var length = in.readInt();
        if (length < 0 || length > WorkerProtocol.MAX_FRAME) {
            throw new IOException("frame of " + length + " bytes");
        }
        var bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
