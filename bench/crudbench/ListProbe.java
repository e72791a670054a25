import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.json.Json;
import io.dbbasic.crud.records.Records;
import io.dbbasic.crud.storage.Databases;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Profiling aid for list pages, without HTTP: the crud-engine's own {@link Records} over bench/crudbench/app's
 * {@code items} (100k rows, filled as bench/crud fills them), one thread calling {@code records.list} for
 * SECONDS per kind of query: bench/crud's list (164 distinct queries, so the page cache answers almost all),
 * and its list-miss (a random price ceiling too: the cache practically never has the page). Reports pages/s
 * and CPU per page: the calling thread's and the whole process's (DuckDB's threads included). Not run by
 * bench/crud.
 *
 *   javac -d /tmp/probe -cp crud-engine/target/crud-engine.jar bench/crudbench/ListProbe.java
 *   java -cp /tmp/probe:crud-engine/target/crud-engine.jar ListProbe bench/crudbench/app WORK_DIR [SECONDS]
 */
public final class ListProbe {
    private static final String[] STATUSES = {"new", "paid", "shipped", "cancelled"};

    private ListProbe() {}

    public static void main(String[] args) throws Exception {
        var appSource = Path.of(args[0]);
        var work = Files.createDirectories(Path.of(args[1]));
        var seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (var databases = new Databases(work.resolve("data"), Clock.systemUTC())) {
            var live = ProbeApp.serve(appSource, work, "items.yaml", databases);
            var resource = live.current().model().resource("items").orElseThrow();
            databases.file(resource.database()).inTransaction(conn -> {
                try (var st = conn.createStatement()) {
                    st.execute("INSERT INTO items (id, name, status, price, quantity, created_at) "
                            + CrudBench.ITEMS_SELECT.formatted(100_001));
                }
                return null;
            });
            try (var records = ProbeApp.records(databases, live, Json.newMapper())) {
                var threads = ManagementFactory.getThreadMXBean();
                var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                for (var round = 0; round < 2; round++) {   // the first round warms the JIT and the cache
                    for (var miss : new boolean[] {false, true}) {
                        var cpu0 = os.getProcessCpuTime();
                        var mine0 = threads.getCurrentThreadCpuTime();
                        var t0 = System.nanoTime();
                        var pages = 0;
                        while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
                            var random = ThreadLocalRandom.current();
                            var params = new java.util.HashMap<String, List<String>>(Map.of(
                                    "status", List.of(STATUSES[random.nextInt(4)]), "quantity[gte]", List.of(Integer.toString(random.nextInt(41))),
                                    "sort", List.of("-price"), "limit", List.of("25")));
                            if (miss) {
                                params.put("price[lte]", List.of(Integer.toString(random.nextInt(100, 1001))));
                            }
                            records.list(resource, records.parseQuery(resource, params), Caller.anonymous("127.0.0.1"));
                            pages++;
                        }
                        if (round == 1) {
                            var wall = (System.nanoTime() - t0) / 1e9;
                            System.out.printf(Locale.ROOT, "%-38s %,8.0f pages/s  calling thread %.3f ms CPU/page  process %.3f ms CPU/page  (load %s)%n",
                                    miss ? "list-miss (random price ceiling)" : "list (164 distinct queries)", pages / wall,
                                    (threads.getCurrentThreadCpuTime() - mine0) / 1e6 / pages, (os.getProcessCpuTime() - cpu0) / 1e6 / pages,
                                    Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
                        }
                    }
                }
            }
        }
    }
}
