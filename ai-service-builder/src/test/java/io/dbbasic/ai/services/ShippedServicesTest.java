package io.dbbasic.ai.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.ai.gate.Gate;
import io.dbbasic.ai.gate.GateResult;
import io.dbbasic.ai.sandbox.Limits;
import io.dbbasic.ai.sandbox.WorkerPool;
import io.dbbasic.testing.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every service in the repository's services/ folder compiles, passes the gate and its own tests, and is active. */
class ShippedServicesTest {
    private static final Path DIR = Stack.repositoryRoot().resolve("services");
    private static final ServiceFiles FILES = new ServiceFiles(DIR);
    private static final Gate GATE = new Gate();
    private static WorkerPool pool;

    @BeforeAll
    static void start() {
        pool = new WorkerPool(new Limits(10_000_000L, Duration.ofSeconds(2), 64, 1));
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    static Stream<String> names() {
        return FILES.names().stream();
    }

    @Test
    void ships_the_seed_services_and_the_blog_hooks() {
        assertThat(FILES.names()).contains("calculate_shipping", "calculate_discount", "calculate_order_total", "send_notification",
                "validate_email", "segment_customer", "detect_fraud",
                "generate_slug_from_title", "extract_excerpt_if_empty", "notify_subscribers");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void passes_the_gate_and_its_tests(String name) {
        var snapshot = FILES.read(name);
        assertThat(snapshot.problems()).isEmpty();
        assertThat(snapshot.spec().status()).isEqualTo(ServiceStatus.ACTIVE);
        assertThat(snapshot.spec().description()).isNotBlank();
        assertThat(snapshot.spec().tests()).hasSizeGreaterThanOrEqualTo(3);

        var gate = GATE.check(snapshot.code());
        assertThat(gate).as(gate.toString()).isInstanceOf(GateResult.Passed.class);

        List<TestResult> results = new TestRunner(pool).run(name, ((GateResult.Passed) gate).hook(), snapshot.spec().tests());
        assertThat(results).allSatisfy(r -> assertThat(r.passed()).as(r.name() + ": " + r.failure() + " — actual " + r.actual()).isTrue());
    }
}
