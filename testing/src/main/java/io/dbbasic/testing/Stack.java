package io.dbbasic.testing;

import io.dbbasic.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DBBasic stack run through the real {@code ./dbbasic} launcher, as a user runs it: fresh app and
 * data folders and a free random port for each of the five listeners, so it never collides with
 * anything else on the machine. It uses the jars Maven built ({@code DBBASIC_NO_BUILD=1}).
 * Closing it stops the stack and then kills whatever the launcher left, so a failing test never
 * leaks a JVM.
 */
public final class Stack implements AutoCloseable {
    public static final List<String> SERVICES = List.of("crud-engine", "ai-service-builder", "realtime-monitor", "event-store");
    /** The four services and the static site, each with the variable that sets its port. */
    public static final Map<String, String> PORT_VARIABLES = orderedMap(
            "crud-engine", "DBBASIC_CRUD_PORT", "ai-service-builder", "DBBASIC_AI_PORT",
            "realtime-monitor", "DBBASIC_MONITOR_PORT", "event-store", "DBBASIC_EVENTS_PORT",
            "static", "DBBASIC_STATIC_PORT");
    /** The page a test stack's static site serves at {@code /mockups.html}. */
    public static final String MOCKUPS = "<!doctype html><title>DBBasic test stack</title><h1>Mockups</h1>\n";
    /** {@code admin}'s password in a test stack (DBBASIC_ADMIN_PASSWORD), unless the settings give another. */
    public static final String ADMIN_PASSWORD = "Stack-Admin-Secret-2";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);

    private final Path root;
    private final Path appDir;
    private final Path dataDir;
    private final Map<String, Integer> ports;
    private final Map<String, String> environment;

    private Stack(Path root, Path appDir, Path dataDir, Map<String, Integer> ports, Map<String, String> environment) {
        this.root = root;
        this.appDir = appDir;
        this.dataDir = dataDir;
        this.ports = Map.copyOf(ports);
        this.environment = Map.copyOf(environment);
    }

    /**
     * A stack (not started yet) whose app and data folders are {@code dir/app} and {@code dir/data},
     * with a static site of one page, {@code dir/static/mockups.html} ({@link #MOCKUPS}), so that it
     * does not depend on the checkout's {@code static/}. {@code settings} adds environment variables
     * or overrides these.
     */
    public static Stack in(Path dir, Map<String, String> settings) {
        var base = realPath(dir);
        var appDir = base.resolve("app");
        var dataDir = base.resolve("data");
        var staticDir = base.resolve("static");
        write(staticDir.resolve("mockups.html"), MOCKUPS);
        var ports = new LinkedHashMap<String, Integer>();
        var free = FreePorts.pick(PORT_VARIABLES.size()).iterator();
        PORT_VARIABLES.keySet().forEach(name -> ports.put(name, free.next()));

        var env = new HashMap<>(System.getenv());
        env.keySet().removeIf(name -> name.startsWith("DBBASIC_") || name.equals("JAVA_OPTS"));
        env.put("DBBASIC_NO_BUILD", "1");
        env.put("DBBASIC_APP_DIR", appDir.toString());
        env.put("DBBASIC_DATA_DIR", dataDir.toString());
        env.put("DBBASIC_STATIC_DIR", staticDir.toString());
        env.put("DBBASIC_ADMIN_PASSWORD", ADMIN_PASSWORD);
        ports.forEach((name, port) -> env.put(PORT_VARIABLES.get(name), port.toString()));
        env.putAll(settings);
        return new Stack(repositoryRoot(), appDir, dataDir, ports, env);
    }

    /** The checkout's root: the nearest folder above the working dir holding {@code dbbasic} and {@code pom.xml}. */
    public static Path repositoryRoot() {
        for (var dir = realPath(Path.of("")); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("dbbasic")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no dbbasic launcher above " + realPath(Path.of("")));
    }

    /** Runs {@code ./dbbasic ARGS...} for this stack and waits for it to finish. */
    public Command.Result dbbasic(String... args) {
        return Command.run(root, environment, COMMAND_TIMEOUT, command(args));
    }

    /** Starts {@code ./dbbasic ARGS...} for this stack without waiting (e.g. a foreground start). */
    public Process launch(Path output, String... args) {
        return Command.start(root, environment, command(args), output.toFile());
    }

    /** Starts the whole stack detached and fails unless the launcher reports success. */
    public Command.Result start() {
        var result = dbbasic("start", "-d");
        if (result.exitCode() != 0) {
            throw new AssertionError("./dbbasic start -d failed: " + result);
        }
        return result;
    }

    public Path root() { return root; }

    public Path appDir() { return appDir; }

    public Path dataDir() { return dataDir; }

    /** The port of a service or of {@code static}. */
    public int port(String name) {
        var port = ports.get(name);
        if (port == null) {
            throw new IllegalArgumentException("no listener named " + name + "; known: " + ports.keySet());
        }
        return port;
    }

    public URI uri(String name, String path) {
        return URI.create("http://localhost:" + port(name) + path);
    }

    /** {@code Bearer <token>} of a fresh login as {@code admin} at the crud-engine (CONTRACT §9): for every service. */
    public String adminAuthorization() {
        var password = environment.getOrDefault("DBBASIC_ADMIN_PASSWORD", ADMIN_PASSWORD);
        var reply = Http.post(uri("crud-engine", "/api/auth/login"), "{\"username\":\"admin\",\"password\":\"" + password + "\"}");
        if (reply.statusCode() != 200) {
            throw new AssertionError("login as admin failed: " + reply.statusCode() + " " + reply.body());
        }
        try {
            return "Bearer " + Json.newMapper().readTree(reply.body()).get("token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path pidFile(String service) {
        return dataDir.resolve("run").resolve(service + ".pid");
    }

    /** The pid in a service's pid file. */
    public long pid(String service) {
        try {
            return Long.parseLong(Files.readString(pidFile(service)).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The running processes of this stack, recognised by their {@code -Ddbbasic.data=} argument. */
    public List<ProcessHandle> processes() {
        return Processes.withArgument("-Ddbbasic.data=" + dataDir);
    }

    /** The ports (of services and static site) on which something listens. */
    public List<Integer> listeningPorts() {
        var open = new ArrayList<Integer>();
        ports.values().stream().filter(FreePorts::listening).forEach(open::add);
        return open;
    }

    @Override
    public void close() {
        try {
            dbbasic("stop");
        } finally {
            processes().forEach(ProcessHandle::destroyForcibly);
        }
    }

    private List<String> command(String... args) {
        var command = new ArrayList<String>();
        command.add(root.resolve("dbbasic").toString());
        command.addAll(List.of(args));
        return command;
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
