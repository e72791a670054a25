package io.dbbasic.ai.generate;

import io.dbbasic.ai.gate.GateResult;
import io.dbbasic.ai.models.Catalog;
import io.dbbasic.ai.models.CatalogSource;
import io.dbbasic.ai.services.SaveRequest;
import io.dbbasic.ai.services.ServiceName;
import io.dbbasic.ai.services.ServiceRegistry;
import io.dbbasic.ai.services.ServiceViews;
import io.dbbasic.ai.services.TestCase;
import io.dbbasic.ai.services.TestResult;
import io.dbbasic.common.errors.Conflict;
import io.dbbasic.common.errors.ValidationFailed;
import io.dbbasic.common.model.HookEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/services/generate}: checks the request, refuses what the sandbox forbids, asks the
 * generator, and saves the result as a draft only when it passes the gate and every test (the caller's
 * examples and the generator's own). Nothing is saved otherwise.
 */
public final class Generation {
    private static final java.util.Set<String> REPLY_KEYS = java.util.Set.of("action", "record", "message", "errors", "notifications");
    private final Generator generator;
    private final ServiceRegistry registry;
    private final CatalogSource catalogs;

    public Generation(Generator generator, ServiceRegistry registry, CatalogSource catalogs) {
        this.generator = generator;
        this.registry = registry;
        this.catalogs = catalogs;
    }

    public String generatorId() {
        return generator.id();
    }

    public Map<String, Object> generate(GenerateRequest request) {
        var name = ServiceName.require(request.name());
        if (request.description() == null || request.description().isBlank()) {
            throw new ValidationFailed(Map.of("description", "is required: say in English what the hook should do"));
        }
        if (HookEvent.fromYaml(request.event()).isEmpty()) {
            throw new ValidationFailed(Map.of("event", "must be one of " + String.join(", ", HookEvent.yamlNames())));
        }
        if (registry.find(name).isPresent()) {
            throw new Conflict("a service named " + name + " exists already: choose another name, or edit it with PUT");
        }
        var reason = SandboxRequests.forbidden(request.description());
        if (reason.isPresent()) {
            throw new ValidationFailed("cannot generate this hook: " + reason.get(), Map.of("description", reason.get()));
        }
        var catalog = catalogs.current();
        Catalog.ResourceInfo resource = null;
        if (request.resource() != null && !request.resource().isBlank()) {
            resource = catalog.resource(request.resource()).orElse(null);
            if (resource == null && !catalog.resources().isEmpty()) {
                var known = catalog.resources().stream().map(Catalog.ResourceInfo::name).toList();
                throw new ValidationFailed(Map.of("resource", "no resource named " + request.resource() + "; known: " + String.join(", ", known)));
            }
        }
        var examples = examples(request);
        Attempt attempt;
        try {
            attempt = generator.generate(request, resource, draft -> check(name, draft, examples));
        } catch (NotUnderstood e) {
            var errors = new LinkedHashMap<String, Object>();
            errors.put("description", "not understood: " + String.join(" / ", e.unclear()));
            errors.put("understood", e.understood());
            errors.put("not_understood", e.unclear());
            throw new ValidationFailed("the description was not understood", errors);
        }
        if (!attempt.ok()) {
            throw failure(attempt);
        }
        var hook = ((GateResult.Passed) attempt.gate()).hook();
        var state = registry.create(name, attempt.draft().code(), request.description().strip(), attempt.tests(), hook, attempt.results());
        var body = new LinkedHashMap<String, Object>();
        body.put("name", state.name());
        body.put("code", state.code());
        body.put("generator", generator.id());
        body.put("compiled", true);
        body.put("violations", List.of());
        body.put("tests", ServiceViews.results(attempt.results()));
        body.put("status", state.status().json());
        return body;
    }

    private Attempt check(String name, Draft draft, List<TestCase> examples) {
        var tests = new ArrayList<TestCase>(examples);
        for (var test : draft.tests()) {
            if (tests.stream().noneMatch(t -> t.name().equals(test.name()))) {
                tests.add(test);
            }
        }
        var gate = registry.check(draft.code());
        List<TestResult> results = gate instanceof GateResult.Passed passed ? registry.trial(name, passed.hook(), tests) : List.of();
        return new Attempt(draft, tests, gate, results);
    }

    /** The caller's examples as tests; an example given as a bare record pair is accepted too. */
    private static List<TestCase> examples(GenerateRequest request) {
        var cases = SaveRequest.TestCases.from(request.examples());
        var withEvent = new ArrayList<TestCase>();
        for (var test : cases) {
            var input = new LinkedHashMap<String, Object>(test.input());
            if (!input.containsKey("record")) {
                var record = new LinkedHashMap<String, Object>(input);
                input.clear();
                input.put("record", record);
            }
            input.putIfAbsent("event", request.event());
            if (request.resource() != null) {
                input.putIfAbsent("resource", request.resource());
            }
            var expected = new LinkedHashMap<String, Object>(test.expected());
            if (!expected.isEmpty() && java.util.Collections.disjoint(expected.keySet(), REPLY_KEYS)) {
                expected = new LinkedHashMap<>(Map.of("record", expected));
            }
            withEvent.add(new TestCase(test.name(), input, expected));
        }
        return withEvent;
    }

    private static ValidationFailed failure(Attempt attempt) {
        if (attempt.gate() instanceof GateResult.Refused refused) {
            return ServiceRegistry.refusal("the generated code does not pass the gate; nothing was saved", refused.errors(), refused.violations());
        }
        var failed = attempt.results().stream().filter(r -> !r.passed()).toList();
        return new ValidationFailed("the generated code fails " + failed.size() + " of its " + attempt.results().size()
                + " tests; nothing was saved", Map.of("tests", ServiceViews.results(failed)));
    }
}
