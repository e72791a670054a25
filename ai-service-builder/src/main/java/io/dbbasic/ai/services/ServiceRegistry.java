package io.dbbasic.ai.services;

import io.dbbasic.ai.gate.CompileError;
import io.dbbasic.ai.gate.CompiledHook;
import io.dbbasic.ai.gate.Gate;
import io.dbbasic.ai.gate.GateResult;
import io.dbbasic.ai.gate.Violation;
import io.dbbasic.ai.sandbox.CallOutcome;
import io.dbbasic.ai.sandbox.WorkerPool;
import io.dbbasic.common.errors.Conflict;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.errors.ValidationFailed;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services and their lifecycle: load from files, save through the gate, test, activate, delete,
 * and invoke the live version. Changes (API saves and file reloads) run one at a time under this
 * object's monitor; calls read the immutable {@link ServiceState} from a concurrent map without locking.
 */
public final class ServiceRegistry {
    private static final Logger log = LoggerFactory.getLogger(ServiceRegistry.class);

    private final ServiceFiles files;
    private final Gate gate;
    private final WorkerPool pool;
    private final TestRunner tests;
    private final NotificationLog notifications;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, ServiceState> states = new ConcurrentHashMap<>();
    private final Map<String, HookStats> stats = new ConcurrentHashMap<>();

    public ServiceRegistry(ServiceFiles files, Gate gate, WorkerPool pool, NotificationLog notifications,
                           MeterRegistry meters, Clock clock) {
        this.files = files;
        this.gate = gate;
        this.pool = pool;
        this.tests = new TestRunner(pool);
        this.notifications = notifications;
        this.meters = meters;
        this.clock = clock;
    }

    public ServiceFiles files() {
        return files;
    }

    /** Reads every service in the folder (at start). */
    public synchronized void loadAll() {
        files.names().forEach(this::refresh);
    }

    /** Re-reads one service's files after they changed on disk; unchanged content is left alone. */
    public synchronized void refresh(String name) {
        var snapshot = files.read(name);
        if (!snapshot.exists()) {
            if (states.remove(name) != null) {
                log.info("service {} removed", name);
            }
            return;
        }
        var current = states.get(name);
        if (current != null && current.digest().equals(snapshot.digest())) {
            return;
        }
        var state = evaluate(snapshot, current);
        states.put(name, state);
        log.info("service {} loaded: {}{}", name, state.status().json(),
                state.status() == ServiceStatus.INVALID ? " (" + summary(state) + ")" : "");
    }

    public List<ServiceState> all() {
        var list = new ArrayList<>(states.values());
        list.sort((a, b) -> a.name().compareTo(b.name()));
        return list;
    }

    public Optional<ServiceState> find(String name) {
        return Optional.ofNullable(states.get(name));
    }

    public ServiceState get(String name) {
        return find(name).orElseThrow(() -> new NotFound("no service named " + name));
    }

    public Map<String, Object> metrics(String name) {
        return stats.computeIfAbsent(name, n -> new HookStats()).snapshot();
    }

    /**
     * Saves code, description and tests after the gate passes them (422 with compiler errors and
     * violations otherwise). An active service stays active only if every test passes (otherwise 422 and
     * the live version keeps serving); any other service is saved as a draft whatever its tests say.
     */
    public synchronized ServiceState save(String name, String code, String description, List<TestCase> testCases) {
        var hook = passGate(code);
        var results = tests.run(name, hook, testCases);
        var current = states.get(name);
        var active = current != null && current.status() == ServiceStatus.ACTIVE;
        if (active && !results.stream().allMatch(TestResult::passed)) {
            throw new ValidationFailed("the service is active and " + failing(results) + ": the active version keeps serving",
                    Map.of("tests", failures(results)));
        }
        var spec = new ServiceSpec(description, testCases, active ? ServiceStatus.ACTIVE : ServiceStatus.DRAFT);
        return store(name, code, spec, hook, results, active ? hook : null);
    }

    /** Saves a newly generated service as a draft; 409 when the name is taken. */
    public synchronized ServiceState create(String name, String code, String description, List<TestCase> testCases,
                                            CompiledHook hook, List<TestResult> results) {
        if (states.containsKey(name)) {
            throw new Conflict("a service named " + name + " exists already: choose another name, or edit it with PUT");
        }
        return store(name, code, new ServiceSpec(description, testCases, ServiceStatus.DRAFT), hook, results, null);
    }

    /** Makes the service live after its tests pass again (422 with the failures otherwise). */
    public synchronized ServiceState activate(String name) {
        var current = get(name);
        if (current.compiled() == null) {
            throw refusal("the code does not pass the gate", current.errors(), current.violations());
        }
        var results = tests.run(name, current.compiled(), current.spec().tests());
        if (!results.stream().allMatch(TestResult::passed)) {
            states.put(name, withTests(current, results));
            throw new ValidationFailed("cannot activate: " + failing(results), Map.of("tests", failures(results)));
        }
        var spec = new ServiceSpec(current.spec().description(), current.spec().tests(), ServiceStatus.ACTIVE);
        return store(name, current.code(), spec, current.compiled(), results, current.compiled());
    }

    /** Runs the service's tests on its current code. */
    public synchronized ServiceState test(String name) {
        var current = get(name);
        if (current.compiled() == null) {
            throw refusal("the code does not pass the gate", current.errors(), current.violations());
        }
        var state = withTests(current, tests.run(name, current.compiled(), current.spec().tests()));
        states.put(name, state);
        return state;
    }

    /** Runs tests against code that is not saved (generation, the editor's "run tests"). */
    public List<TestResult> trial(String name, CompiledHook hook, List<TestCase> testCases) {
        return tests.run(name, hook, testCases);
    }

    public synchronized void delete(String name) {
        get(name);
        files.delete(name);
        states.remove(name);
        stats.remove(name);
    }

    /** Calls the live version (404 when the service is not active). */
    public CallOutcome invoke(String name, Map<String, ?> request) {
        var state = states.get(name);
        if (state == null || state.live() == null) {
            throw new NotFound(state == null ? "no service named " + name : "the service " + name + " is " + state.status().json()
                    + ", not active");
        }
        var started = System.nanoTime();
        var outcome = pool.run(name, state.live(), request);
        var nanos = System.nanoTime() - started;
        var now = clock.instant();
        stats.computeIfAbsent(name, n -> new HookStats()).record(outcome, nanos, now);
        Timer.builder("dbbasic.hook.calls").description("Hook service calls, by service and outcome")
                .tag("hook", name).tag("outcome", outcomeName(outcome))
                .register(meters).record(nanos, TimeUnit.NANOSECONDS);
        if (outcome instanceof CallOutcome.Continued go) {
            notifications.record(name, request, go.notifications(), now);
        } else if (outcome instanceof CallOutcome.Stopped || outcome instanceof CallOutcome.Failed) {
            log.warn("hook {} {}: {}", name, outcomeName(outcome), TestRunner.reply(outcome).get("message"));
        }
        return outcome;
    }

    /** Compiles and checks code, or throws 422 with every compiler error and violation. */
    public CompiledHook passGate(String code) {
        var result = gate.check(code);
        if (result instanceof GateResult.Refused refused) {
            throw refusal(refused.errors().isEmpty() ? "the code breaks the sandbox rules" : "the code does not compile",
                    refused.errors(), refused.violations());
        }
        return ((GateResult.Passed) result).hook();
    }

    public GateResult check(String code) {
        return gate.check(code);
    }

    private ServiceState store(String name, String code, ServiceSpec spec, CompiledHook hook, List<TestResult> results, CompiledHook live) {
        var digest = files.write(name, code, spec);
        var state = new ServiceState(name, spec, code, spec.status(), List.of(), List.of(), List.of(), results, hook, live, digest);
        states.put(name, state);
        return state;
    }

    private ServiceState evaluate(ServiceFiles.Snapshot snapshot, ServiceState previous) {
        var spec = snapshot.spec() != null ? snapshot.spec() : new ServiceSpec("", List.of(), ServiceStatus.DRAFT);
        var lastGood = previous == null ? null : previous.live();
        var problems = new ArrayList<>(snapshot.problems());
        if (snapshot.code() == null || !problems.isEmpty()) {
            return new ServiceState(snapshot.name(), spec, snapshot.code(), ServiceStatus.INVALID, List.of(), List.of(), problems,
                    List.of(), null, lastGood, snapshot.digest());
        }
        var result = gate.check(snapshot.code());
        if (result instanceof GateResult.Refused refused) {
            return new ServiceState(snapshot.name(), spec, snapshot.code(), ServiceStatus.INVALID, refused.errors(),
                    refused.violations(), problems, List.of(), null, lastGood, snapshot.digest());
        }
        var hook = ((GateResult.Passed) result).hook();
        var results = tests.run(snapshot.name(), hook, spec.tests());
        if (spec.status() == ServiceStatus.ACTIVE) {
            if (results.stream().allMatch(TestResult::passed)) {
                return new ServiceState(snapshot.name(), spec, snapshot.code(), ServiceStatus.ACTIVE, List.of(), List.of(), problems,
                        results, hook, hook, snapshot.digest());
            }
            problems.add(failing(results));
            return new ServiceState(snapshot.name(), spec, snapshot.code(), ServiceStatus.INVALID, List.of(), List.of(), problems,
                    results, hook, lastGood, snapshot.digest());
        }
        return new ServiceState(snapshot.name(), spec, snapshot.code(), ServiceStatus.DRAFT, List.of(), List.of(), problems,
                results, hook, null, snapshot.digest());
    }

    private static ServiceState withTests(ServiceState s, List<TestResult> results) {
        return new ServiceState(s.name(), s.spec(), s.code(), s.status(), s.errors(), s.violations(), s.problems(), results,
                s.compiled(), s.live(), s.digest());
    }

    /** 422 whose {@code errors} hold {@code compiler} and {@code violations}, each item with its line. */
    public static ValidationFailed refusal(String detail, List<CompileError> errors, List<Violation> violations) {
        var body = new LinkedHashMap<String, Object>();
        var compiler = new ArrayList<Map<String, Object>>();
        errors.forEach(e -> compiler.add(Map.of("line", e.line(), "column", e.column(), "message", e.message())));
        var rules = new ArrayList<Map<String, Object>>();
        violations.forEach(v -> rules.add(Map.of("line", v.line(), "kind", v.kind(), "message", v.message())));
        body.put("compiler", compiler);
        body.put("violations", rules);
        var count = errors.size() + violations.size();
        return new ValidationFailed(detail + " (" + count + (count == 1 ? " problem" : " problems") + ")", body);
    }

    private static List<TestResult> failures(List<TestResult> results) {
        return results.stream().filter(r -> !r.passed()).toList();
    }

    private static String failing(List<TestResult> results) {
        var failed = failures(results).size();
        return failed + " of " + results.size() + (results.size() == 1 ? " test fails" : " tests fail");
    }

    private static String summary(ServiceState state) {
        var parts = new ArrayList<String>();
        state.errors().forEach(e -> parts.add(e.toString()));
        state.violations().forEach(v -> parts.add(v.toString()));
        parts.addAll(state.problems());
        return String.join("; ", parts);
    }

    static String outcomeName(CallOutcome outcome) {
        if (outcome instanceof CallOutcome.Continued) {
            return "continue";
        }
        if (outcome instanceof CallOutcome.Rejected) {
            return "reject";
        }
        return outcome instanceof CallOutcome.Stopped ? "stopped" : "failed";
    }
}
