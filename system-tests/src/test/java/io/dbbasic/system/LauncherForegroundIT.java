package io.dbbasic.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.testing.Await;
import io.dbbasic.testing.Http;
import io.dbbasic.testing.Processes;
import io.dbbasic.testing.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./dbbasic start} in the foreground: it owns its services and stops them when it is stopped. */
class LauncherForegroundIT {
    @TempDir
    Path temp;

    @Test
    void sigterm_to_a_foreground_start_stops_every_service_it_started() throws IOException, InterruptedException {
        var output = temp.resolve("launcher.out");
        try (var stack = Stack.in(temp, Map.of())) {
            var launcher = stack.launch(output, "start");
            try {
                Await.until("the launcher reports the stack running", Duration.ofSeconds(90),
                        () -> read(output).contains("DBBasic is running") || !launcher.isAlive());
                assertThat(launcher.isAlive()).as(read(output)).isTrue();
                for (var name : Stack.PORT_VARIABLES.keySet()) {
                    assertThat(Http.answersOk(stack.uri(name, "/health"))).as(name).isTrue();
                }
                var pids = Stack.SERVICES.stream().map(stack::pid).toList();

                launcher.destroy();   // SIGTERM, as a supervisor or `kill` sends it; Ctrl-C takes the same path

                assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).as(read(output)).isTrue();
                assertThat(read(output)).contains("Stopped.");
                assertThat(pids).noneMatch(Processes::running);
                assertThat(stack.processes()).isEmpty();
                assertThat(stack.listeningPorts()).isEmpty();
                for (var service : Stack.SERVICES) {
                    assertThat(stack.pidFile(service)).doesNotExist();
                }
            } finally {
                launcher.destroyForcibly();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
