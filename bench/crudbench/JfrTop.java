import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the crud-engine's threads spend their time, from a JFR recording (bench/crud with PROFILE=1).
 * Java samples ({@code jdk.ExecutionSample}) and native samples ({@code jdk.NativeMethodSample}: a thread
 * inside DuckDB's JNI code, fsync included) are both taken every 20 ms with the default settings.
 * Threads are grouped by name without their number (one group per writer, per pool).
 * For each busy group: the methods on top of the stack (self), and the methods anywhere on the stack
 * (inclusive: how much of the group's time is spent inside them), for our code, DuckDB, Jackson, Javalin
 * and Jetty. A parked thread is not sampled, and samples of threads waiting in a selector, an accept or the
 * file watcher are left out, but a thread waiting inside DuckDB's native code (for its worker threads, or for
 * fsync) is counted: native shares are wall time inside DuckDB, not only its CPU. JFR samples at most one
 * thread in native code per period (and up to five in Java code), so when several threads are inside DuckDB
 * at once its share is a lower bound: compare by CPU time too (bench/crud's CPU ms per request).
 * With windows ({@link #summarize}), one such summary per named window (bench/crud passes its phases).
 * Args: FILE.jfr [TOP (25)] [GROUPS (4)].
 */
public final class JfrTop {
    private static final List<String> SHOWN = List.of("io.dbbasic.", "org.duckdb.", "com.fasterxml.", "io.javalin.", "org.eclipse.jetty.",
            "com.github.benmanes.", "io.micrometer.", "org.slf4j.");

    /** Native frames where a thread waits rather than works (a selector, an acceptor, the file watcher). */
    private static final List<String> IDLE = List.of("sun.nio.ch.EPoll.wait", "sun.nio.ch.Net.accept", "sun.nio.ch.Net.poll",
            "sun.nio.fs.LinuxWatchService.poll", "java.lang.Thread.sleep", "java.lang.Object.wait");

    private static final class Group {
        long samples;
        long nativeSamples;
        final Map<String, Long> self = new HashMap<>();
        final Map<String, Long> inclusive = new HashMap<>();
    }

    private JfrTop() {}

    /** A named stretch of the recording. */
    public record Window(String name, java.time.Instant from, java.time.Instant to) {}

    public static void main(String[] args) throws IOException {
        var top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        var shownGroups = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        summarize(Path.of(args[0]), List.of(new Window("whole recording", java.time.Instant.MIN, java.time.Instant.MAX)), top, shownGroups);
    }

    public static void summarize(Path file, List<Window> windows, int top, int shownGroups) throws IOException {
        var events = RecordingFile.readAllEvents(file);
        for (var window : windows) {
            System.out.printf(Locale.ROOT, "%n######## %s%n", window.name());
            summarize(events.stream().filter(e -> !e.getStartTime().isBefore(window.from()) && e.getStartTime().isBefore(window.to())).toList(),
                    top, shownGroups);
        }
    }

    private static void summarize(List<RecordedEvent> events, int top, int shownGroups) {
        var groups = new TreeMap<String, Group>();
        for (RecordedEvent event : events) {
            var type = event.getEventType().getName();
            var isNative = type.equals("jdk.NativeMethodSample");
            if (!isNative && !type.equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            var frames = event.getStackTrace().getFrames();
            if (frames.isEmpty() || isNative && IDLE.contains(method(frames.get(0)))) {
                continue;
            }
            var thread = event.getThread("sampledThread");
            var name = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName().replaceAll("[-_#]?\\d+$", "");
            var group = groups.computeIfAbsent(name, k -> new Group());
            group.samples++;
            if (isNative) {
                group.nativeSamples++;
            }
            group.self.merge(method(frames.get(0)) + (isNative ? " [native]" : ""), 1L, Long::sum);
            var seen = new HashSet<String>();
            for (var frame : frames) {
                var method = method(frame);
                if (seen.add(method) && SHOWN.stream().anyMatch(method::startsWith)) {
                    group.inclusive.merge(method, 1L, Long::sum);
                }
            }
        }
        var total = groups.values().stream().mapToLong(g -> g.samples).sum();
        System.out.printf(Locale.ROOT, "%,d samples (20 ms each) in %d thread groups%n", total, groups.size());
        var busiest = groups.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().samples, a.getValue().samples)).toList();
        for (var entry : busiest.subList(0, Math.min(12, busiest.size()))) {
            System.out.printf(Locale.ROOT, "  %-40s %,8d samples (%4.1f%%), %,d in native code%n", entry.getKey(), entry.getValue().samples,
                    100.0 * entry.getValue().samples / total, entry.getValue().nativeSamples);
        }
        for (var entry : busiest.subList(0, Math.min(shownGroups, busiest.size()))) {
            var group = entry.getValue();
            System.out.printf(Locale.ROOT, "%n== %s: %,d samples%n-- self (top of stack)%n", entry.getKey(), group.samples);
            print(group.self, group.samples, top);
            System.out.println("-- inclusive (anywhere on the stack)");
            print(group.inclusive, group.samples, top);
        }
    }

    private static String method(jdk.jfr.consumer.RecordedFrame frame) {
        var m = frame.getMethod();
        return m == null ? "?" : m.getType().getName() + "." + m.getName();
    }

    private static void print(Map<String, Long> counts, long of, int top) {
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(top)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / of, e.getKey()));
    }
}
