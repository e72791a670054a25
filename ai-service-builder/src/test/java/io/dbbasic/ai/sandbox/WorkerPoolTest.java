package io.dbbasic.ai.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.ai.gate.CompiledHook;
import io.dbbasic.ai.gate.Gate;
import io.dbbasic.ai.gate.GateResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hook calls in worker JVMs: results, failures, and runaway hooks stopped without harm to the next call. */
class WorkerPoolTest {
    private static final Gate GATE = new Gate();
    private static WorkerPool pool;

    @BeforeAll
    static void start() {
        pool = new WorkerPool(new Limits(2_000_000L, Duration.ofMillis(1_500), 64, 1));
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    static CompiledHook compile(String body) {
        var result = GATE.check("import io.dbbasic.hooks.*;\nimport java.util.*;\n"
                + "public class H implements Hook {\n  public HookResult handle(HookContext ctx) {\n    var r = ctx.record();\n"
                + body + "\n  }\n}\n");
        assertThat(result).as(result.toString()).isInstanceOf(GateResult.Passed.class);
        return ((GateResult.Passed) result).hook();
    }

    private static final CompiledHook UPPER = compile("r.set(\"title\", r.getString(\"title\").toUpperCase()); return HookResult.proceed(r);");

    private static CallOutcome upper(String title) {
        return pool.run("upper", UPPER, Map.of("event", "before_create", "resource", "posts", "record", Map.of("title", title)));
    }

    @Test
    void runs_a_hook_and_returns_the_changed_record() {
        assertThat(upper("hello")).isEqualTo(new CallOutcome.Continued(Map.of("title", "HELLO"), List.of()));
    }

    @Test
    void answers_many_calls_of_one_hook() {
        for (int i = 0; i < 60; i++) {
            assertThat(upper("call " + i)).isEqualTo(new CallOutcome.Continued(Map.of("title", "CALL " + i), List.of()));
        }
    }

    @Test
    void passes_rejections_with_field_errors_and_notifications() {
        var reject = compile("return HookResult.reject(\"too big\").error(\"total\", \"must be at most 10\");");
        var notify = compile("return HookResult.proceed(r).withNotification(\"subscribers\", \"New\", \"body\");");

        assertThat(pool.run("reject", reject, Map.of("record", Map.of())))
                .isEqualTo(new CallOutcome.Rejected("too big", Map.of("total", "must be at most 10")));
        assertThat(pool.run("notify", notify, Map.of("record", Map.of())))
                .isEqualTo(new CallOutcome.Continued(Map.of(), List.of(Map.of("to", "subscribers", "subject", "New", "body", "body"))));
    }

    @Test
    void reports_an_exception_with_the_hook_line() {
        var failing = compile("return HookResult.proceed(r.set(\"n\", r.getDecimal(\"price\")));");

        var outcome = pool.run("failing", failing, Map.of("record", Map.of("price", "cheap")));

        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Failed.class, f ->
                assertThat(f.message()).contains("IllegalArgumentException at line 6").contains("price is not a number"));
    }

    @Test
    void stops_an_infinite_loop_within_its_budget_and_answers_the_next_call() {
        var loop = compile("long n = 0; while (true) { n++; if (n < 0) break; } return HookResult.proceed(r);");

        var started = System.nanoTime();
        var outcome = pool.run("loop", loop, Map.of("record", Map.of()));
        var took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Stopped.class, s -> assertThat(s.message()).contains("loop iterations"));
        assertThat(took).isLessThan(Duration.ofMillis(1_500));
        assertThat(upper("next")).isEqualTo(new CallOutcome.Continued(Map.of("title", "NEXT"), List.of()));
    }

    @Test
    void a_loop_that_swallows_the_stop_is_still_stopped() {
        var sneaky = compile("for (int i = 0; i < 1000; i++) { try { while (true) { } } catch (Exception e) { } } "
                + "return HookResult.proceed(r);");

        assertThat(pool.run("sneaky", sneaky, Map.of("record", Map.of()))).isInstanceOf(CallOutcome.Stopped.class);
    }

    @Test
    void a_huge_allocation_takes_down_only_its_worker_and_the_next_call_is_answered() {
        var hog = compile("r.set(\"x\", \"x\".repeat(1 << 30)); return HookResult.proceed(r);");
        var doubling = compile("var l = new ArrayList<Object>(List.of(1)); for (int i = 0; i < 40; i++) l.addAll(l); "
                + "return HookResult.proceed(r);");

        assertThat(pool.run("hog", hog, Map.of("record", Map.of())))
                .isInstanceOfSatisfying(CallOutcome.Failed.class, f -> assertThat(f.message()).contains("ran out of memory"));
        assertThat(upper("after")).isEqualTo(new CallOutcome.Continued(Map.of("title", "AFTER"), List.of()));
        assertThat(pool.run("doubling", doubling, Map.of("record", Map.of())))
                .isInstanceOfSatisfying(CallOutcome.Failed.class, f -> assertThat(f.message()).contains("ran out of memory"));
        assertThat(upper("again")).isEqualTo(new CallOutcome.Continued(Map.of("title", "AGAIN"), List.of()));
    }

    @Test
    void a_long_running_jdk_call_is_killed_at_its_wall_time() {
        var slow = compile("var b = java.math.BigInteger.valueOf(3).pow(50_000_000); r.set(\"bits\", b.bitLength()); "
                + "return HookResult.proceed(r);");

        var outcome = pool.run("slow", slow, Map.of("record", Map.of()));

        assertThat(outcome).isInstanceOfSatisfying(CallOutcome.Stopped.class, s -> assertThat(s.message()).contains("time limit"));
        assertThat(upper("alive")).isEqualTo(new CallOutcome.Continued(Map.of("title", "ALIVE"), List.of()));
    }
}
