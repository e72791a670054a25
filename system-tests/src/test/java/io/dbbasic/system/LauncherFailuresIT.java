package io.dbbasic.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.testing.Stack;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that cannot succeed fails clearly and leaves nothing behind: no process, no port, no pid file. */
class LauncherFailuresIT {
    @TempDir
    Path temp;

    @Test
    void refuses_to_start_when_a_port_is_taken_naming_the_port_and_its_holder() throws IOException {
        try (var stack = Stack.in(temp, Map.of());
             var holder = new ServerSocket(stack.port("realtime-monitor"))) {

            var start = stack.dbbasic("start", "-d");

            assertThat(start.exitCode()).as(start.toString()).isNotZero();
            assertThat(start.took()).isLessThan(Duration.ofSeconds(10));
            assertThat(start.output())
                    .contains("port " + holder.getLocalPort())
                    .contains("DBBASIC_MONITOR_PORT")
                    .contains("pid " + ProcessHandle.current().pid())   // this test's JVM holds it
                    .doesNotContain("Exception");
            assertNothingLeft(stack, holder.getLocalPort());
        }
    }

    @Test
    void a_service_that_dies_during_start_takes_the_whole_start_back() throws IOException {
        try (var stack = Stack.in(temp, Map.of());
             var squatter = new Socket()) {
            // Bound but not listening: the launcher's port check cannot see it, so the event store
            // only finds out when it binds, after the other services are on their way up.
            squatter.bind(new InetSocketAddress(stack.port("event-store")));

            var start = stack.dbbasic("start", "-d");

            assertThat(start.exitCode()).as(start.toString()).isNotZero();
            assertThat(start.output())
                    .contains("event-store exited during start-up")
                    .contains("event-store.log")
                    .containsIgnoringCase("in use");   // the end of the service's log is shown
            assertNothingLeft(stack, -1);
        }
    }

    private static void assertNothingLeft(Stack stack, int portHeldByTest) {
        assertThat(stack.processes()).isEmpty();
        assertThat(stack.listeningPorts()).allMatch(port -> port == portHeldByTest);
        for (var service : Stack.SERVICES) {
            assertThat(stack.pidFile(service)).doesNotExist();
        }
    }
}
