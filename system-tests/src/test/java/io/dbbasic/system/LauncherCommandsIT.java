package io.dbbasic.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.dbbasic.testing.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's commands that start no service: bad input gets a clear message, `new` copies templates. */
class LauncherCommandsIT {
    @TempDir
    Path temp;

    @Test
    void status_shows_every_listener_down_when_nothing_runs() {
        var status = stack(Map.of()).dbbasic("status");

        assertThat(status.exitCode()).isZero();
        assertThat(status.output().lines())
                .hasSize(5)
                .allMatch(line -> line.matches("[a-z-]+\\s+down\\s+http://localhost:\\d+/.*"));
    }

    @Test
    void a_port_that_is_not_a_number_is_refused_with_the_variable_named() {
        var start = stack(Map.of("DBBASIC_CRUD_PORT", "eighty")).dbbasic("start", "-d");

        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.output()).contains("DBBASIC_CRUD_PORT must be a port number", "'eighty'");
    }

    @Test
    void an_unknown_command_or_service_gets_the_usage_or_the_service_names() {
        var stack = stack(Map.of());

        assertThat(stack.dbbasic("launch").output()).contains("unknown command 'launch'", "Usage: ./dbbasic");
        assertThat(stack.dbbasic("stop", "crud").output()).contains("unknown service 'crud'", "crud-engine, ");
    }

    @Test
    void new_refuses_an_unknown_template_and_lists_the_available_ones() {
        var created = stack(Map.of()).dbbasic("new", temp.resolve("shop").toString(), "--template", "no-such-template");

        assertThat(created.exitCode()).isEqualTo(1);
        assertThat(created.output()).contains("there is no template 'no-such-template'; available:");
        assertThat(temp.resolve("shop")).doesNotExist();
    }

    @Test
    void new_copies_the_template_and_its_sample_data_only_with_seed() {
        var stack = stack(Map.of());
        var blog = stack.root().resolve("templates/blog");
        assumeThat(blog.resolve("seed")).as("templates/blog with sample data").isDirectory();

        var plain = stack.dbbasic("new", temp.resolve("plain").toString(), "--template", "blog");
        var seeded = stack.dbbasic("new", temp.resolve("seeded").toString(), "--template", "blog", "--seed");

        assertThat(plain.exitCode()).as(plain.toString()).isZero();
        assertThat(seeded.exitCode()).as(seeded.toString()).isZero();
        assertThat(temp.resolve("plain/posts.yaml")).hasSameTextualContentAs(blog.resolve("posts.yaml"));
        assertThat(temp.resolve("plain/seed")).doesNotExist();
        assertThat(temp.resolve("seeded/posts.yaml")).exists();
        assertThat(temp.resolve("seeded/seed")).isDirectory();
    }

    @Test
    void new_refuses_a_folder_that_is_not_empty() throws IOException {
        var dir = Files.createDirectories(temp.resolve("taken"));
        Files.writeString(dir.resolve("mine.yaml"), "resource: mine\n");

        var created = stack(Map.of()).dbbasic("new", dir.toString(), "--template", "blog");

        assertThat(created.exitCode()).isEqualTo(1);
        assertThat(created.output()).contains("is not empty");
        assertThat(Files.readString(dir.resolve("mine.yaml"))).isEqualTo("resource: mine\n");
    }

    private Stack stack(Map<String, String> settings) {
        return Stack.in(temp, settings);
    }
}
