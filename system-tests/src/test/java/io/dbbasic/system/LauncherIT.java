package io.dbbasic.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.testing.Command;
import io.dbbasic.testing.FreePorts;
import io.dbbasic.testing.Http;
import io.dbbasic.testing.Processes;
import io.dbbasic.testing.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life of one detached stack, run through the real {@code ./dbbasic} as a user would: start,
 * status, one service stopped and started again, stop. The tests run in order on the same stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {
    @TempDir
    static Path temp;

    private Stack stack;
    private Command.Result started;

    @BeforeAll
    void start_a_detached_stack() {
        stack = Stack.in(temp, Map.of());
        started = stack.dbbasic("start", "-d");
    }

    @AfterAll
    void stop_the_stack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void start_detached_brings_up_every_service_and_the_static_site() {
        assertThat(started.exitCode()).as(started.toString()).isZero();
        for (var service : Stack.SERVICES) {
            var health = Http.get(stack.uri(service, "/health"));
            assertThat(health.statusCode()).as(service).isEqualTo(200);
            assertThat(health.body()).contains("\"service\":\"" + service + "\"").containsPattern("\"status\":\"(up|degraded)\"");
            assertThat(started.output()).contains(stack.uri(service, "/").toString());
        }
        var mockups = Http.get(stack.uri("static", "/mockups.html"));
        assertThat(mockups.statusCode()).isEqualTo(200);
        assertThat(mockups.body()).isEqualTo(Stack.MOCKUPS);
    }

    @Test
    @Order(2)
    void status_shows_every_service_and_the_static_site_up() {
        var status = stack.dbbasic("status");

        assertThat(status.exitCode()).as(status.toString()).isZero();
        for (var name : Stack.PORT_VARIABLES.keySet()) {
            var line = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\s+up\\s+http://localhost:" + stack.port(name) + "/");
            assertThat(status.output()).as(status.toString()).containsPattern(line);
        }
    }

    @Test
    @Order(3)
    void the_empty_app_dir_got_the_yaml_of_the_blog_template() throws IOException {
        var blog = stack.root().resolve("templates/blog");
        var expected = Files.isDirectory(blog)
                ? filesUnder(blog).stream().filter(f -> !f.startsWith("seed/") && f.matches(".*\\.ya?ml")).toList()
                : List.<String>of();   // the template has not landed yet: the app dir starts empty

        assertThat(stack.appDir()).isDirectory();
        assertThat(filesUnder(stack.appDir())).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @Order(4)
    void each_pid_file_holds_the_jvm_of_its_service() {
        for (var service : Stack.SERVICES) {
            var pid = stack.pid(service);
            assertThat(Processes.running(pid)).as(service + " pid " + pid).isTrue();
            assertThat(Processes.executable(pid)).as(service).hasValueSatisfying(exe -> assertThat(exe).endsWith("/java"));
            assertThat(Processes.arguments(pid)).contains("-Ddbbasic.service=" + service, "-Ddbbasic.data=" + stack.dataDir());
        }
    }

    @Test
    @Order(5)
    void starting_a_running_stack_again_says_so_and_starts_no_duplicate() {
        var pids = pids();

        var again = stack.dbbasic("start", "-d");

        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.output()).contains("already running");
        assertThat(pids()).isEqualTo(pids);
        assertThat(stack.processes()).hasSize(Stack.SERVICES.size());
    }

    @Test
    @Order(6)
    void stop_one_service_stops_only_it_and_start_brings_it_back() {
        var others = pids();
        var eventStore = others.remove("event-store");

        var stopped = stack.dbbasic("stop", "event-store");

        assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
        assertThat(Processes.running(eventStore)).isFalse();
        assertThat(FreePorts.listening(stack.port("event-store"))).isFalse();
        assertThat(stack.pidFile("event-store")).doesNotExist();
        others.forEach((service, pid) -> {
            assertThat(Processes.running(pid)).as(service).isTrue();
            assertThat(Http.answersOk(stack.uri(service, "/health"))).as(service).isTrue();
        });

        var restarted = stack.dbbasic("start", "-d", "event-store");

        assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
        assertThat(Http.answersOk(stack.uri("event-store", "/health"))).isTrue();
        var pid = stack.pid("event-store");
        assertThat(pid).isNotEqualTo(eventStore);
        assertThat(Processes.executable(pid)).hasValueSatisfying(exe -> assertThat(exe).endsWith("/java"));
        assertThat(pids()).containsAllEntriesOf(others);
    }

    @Test
    @Order(7)
    void stop_leaves_no_process_and_frees_every_port_even_when_a_pid_file_is_lost() throws IOException {
        var pids = pids();
        Files.delete(stack.pidFile("crud-engine"));

        var stopped = stack.dbbasic("stop");

        assertThat(stopped.exitCode()).as(stopped.toString()).isZero();
        assertThat(pids.values()).noneMatch(Processes::running);
        assertThat(stack.processes()).isEmpty();
        assertThat(stack.listeningPorts()).isEmpty();
        try (var pidFiles = Files.list(stack.dataDir().resolve("run"))) {
            assertThat(pidFiles.filter(f -> f.toString().endsWith(".pid"))).isEmpty();
        }
        var status = stack.dbbasic("status");
        assertThat(status.output().lines().filter(line -> line.matches("\\S+\\s+down\\s+http.*"))).hasSize(5);
    }

    private Map<String, Long> pids() {
        return Stack.SERVICES.stream().collect(Collectors.toMap(s -> s, stack::pid, (a, b) -> a, TreeMap::new));
    }

    private static List<String> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted().toList();
        }
    }
}
