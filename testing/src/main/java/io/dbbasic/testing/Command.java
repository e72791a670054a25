package io.dbbasic.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An external command run to completion, its stdout and stderr captured together. The output goes
 * to a file, not a pipe: a process the command leaves running must not keep the test waiting.
 */
public final class Command {
    private Command() {}

    public record Result(int exitCode, String output, Duration took) {
        @Override
        public String toString() {
            return "exit " + exitCode + " after " + took.toMillis() + " ms:\n" + output;
        }
    }

    /** Runs {@code command} in {@code dir} with {@code environment} (replacing the inherited one). */
    public static Result run(Path dir, Map<String, String> environment, Duration timeout, List<String> command) {
        var output = tempFile();
        var started = System.nanoTime();
        try {
            var process = start(dir, environment, command, output.toFile());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after " + timeout.toSeconds() + " s: " + command
                        + "\n" + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output), Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } finally {
            output.toFile().delete();
        }
    }

    /** Starts {@code command} without waiting; its output is appended to {@code output}. */
    public static Process start(Path dir, Map<String, String> environment, List<String> command, File output) {
        var builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output));
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("command", ".out");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
