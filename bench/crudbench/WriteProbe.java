import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.json.Json;
import io.dbbasic.crud.records.Records;
import io.dbbasic.crud.storage.Databases;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Profiling aid for the create path, without HTTP: the crud-engine's own {@link Records} (same classes as
 * the jar) over bench/crudbench/app in a temp folder, CLIENTS threads calling {@code records.create} in a
 * closed loop for SECONDS. Reports creates/s, latency, the mean group-commit batch (from the commit
 * listener: one call per committed group) and CPU time per create: the writer thread's own, and the
 * whole process's (ThreadMXBean / OperatingSystemMXBean: CPU, not wall time, so the machine's load
 * inflates it far less than the rates). Not run by bench/crud.
 *
 *   javac -d /tmp/probe -cp crud-engine/target/crud-engine.jar bench/crudbench/WriteProbe.java
 *   java -cp /tmp/probe:crud-engine/target/crud-engine.jar WriteProbe bench/crudbench/app WORK_DIR [SECONDS [CLIENTS...]]
 */
public final class WriteProbe {
    private WriteProbe() {}

    public static void main(String[] args) throws Exception {
        var appSource = Path.of(args[0]);
        var work = Files.createDirectories(Path.of(args[1]));
        var seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        var clientCounts = args.length > 3 ? Arrays.stream(args, 3, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {1, 32};
        var json = Json.newMapper();
        try (var databases = new Databases(work.resolve("data"), Clock.systemUTC())) {
            var live = ProbeApp.serve(appSource, work, "writes.yaml", databases);
            var resource = live.current().model().resource("writes").orElseThrow();
            try (var records = ProbeApp.records(databases, live, json)) {
                var groups = new AtomicLong();
                var grouped = new AtomicLong();
                records.onCommitted(changes -> {
                    groups.incrementAndGet();
                    grouped.addAndGet(changes.size());
                });
                var body = json.readTree("{\"name\":\"bench\",\"status\":\"new\",\"price\":12.5,\"quantity\":3}");
                var caller = Caller.anonymous("127.0.0.1");
                for (var i = 0; i < 200; i++) {
                    records.create(resource, body, caller);   // JIT, the writer thread, the first connection
                }
                var threads = ManagementFactory.getThreadMXBean();
                var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                var writer = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("writer-")).findFirst().orElseThrow();
                for (var clients : clientCounts) {
                    groups.set(0);
                    grouped.set(0);
                    var latencies = new ArrayList<long[]>();
                    var counts = new int[clients];
                    var end = System.nanoTime() + seconds * 1_000_000_000L;
                    var writerCpu0 = threads.getThreadCpuTime(writer.getId());
                    var cpu0 = os.getProcessCpuTime();
                    var t0 = System.nanoTime();
                    var workers = new ArrayList<Thread>();
                    for (var c = 0; c < clients; c++) {
                        var index = c;
                        var samples = new long[1 << 14];
                        latencies.add(samples);
                        var worker = new Thread(() -> {
                            var mine = samples;
                            var n = 0;
                            while (System.nanoTime() < end) {
                                var start = System.nanoTime();
                                records.create(resource, body, caller);
                                if (n == mine.length) {
                                    mine = Arrays.copyOf(mine, n * 2);
                                }
                                mine[n++] = System.nanoTime() - start;
                            }
                            latencies.set(index, mine);
                            counts[index] = n;
                        });
                        workers.add(worker);
                        worker.start();
                    }
                    for (var worker : workers) {
                        worker.join();
                    }
                    var wall = (System.nanoTime() - t0) / 1e9;
                    var writerCpu = (threads.getThreadCpuTime(writer.getId()) - writerCpu0) / 1e6;
                    var cpu = (os.getProcessCpuTime() - cpu0) / 1e6;
                    var total = Arrays.stream(counts).sum();
                    var all = new long[total];
                    var at = 0;
                    for (var c = 0; c < clients; c++) {
                        System.arraycopy(latencies.get(c), 0, all, at, counts[c]);
                        at += counts[c];
                    }
                    Arrays.sort(all);
                    System.out.printf(Locale.ROOT, "clients %3d: %,8.0f creates/s  p50 %7.2f ms  p99 %7.2f ms  mean batch %6.1f  "
                                    + "writer CPU %.3f ms/create  process CPU %.3f ms/create  (load %s)%n",
                            clients, total / wall, all[total / 2] / 1e6, all[(int) Math.min(total - 1, Math.ceil(total * 0.99) - 1)] / 1e6,
                            groups.get() == 0 ? 0 : (double) grouped.get() / groups.get(), writerCpu / total, cpu / total,
                            Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
                }
            }
        }
    }
}
