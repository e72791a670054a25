package io.dbbasic.ai;

import io.dbbasic.ai.sandbox.Limits;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.ServiceId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What the builder reads from its environment, once, at start. {@code DBBASIC_SERVICES_DIR} (default
 * {@code ./services}) holds the services; {@code DBBASIC_CRUD_URL} (default the local crud-engine port)
 * is asked for the models; the {@code DBBASIC_HOOK_*} variables bound each call.
 */
public record BuilderConfig(Environment env, Path servicesDir, Path dataDir, String crudUrl, Limits limits,
                            Optional<OpenAi> openAi) {
    /** The OpenAI-compatible server used for generation when a key is set. */
    public record OpenAi(String apiKey, String baseUrl, String model) {}

    public static final String DEFAULT_MODEL = "gpt-4o-mini";

    public static BuilderConfig from(Environment env) {
        var limits = new Limits(
                longVar(env, "DBBASIC_HOOK_TICKS", Limits.DEFAULT.ticks()),
                Duration.ofMillis(longVar(env, "DBBASIC_HOOK_TIMEOUT_MS", Limits.DEFAULT.wallTime().toMillis())),
                (int) longVar(env, "DBBASIC_HOOK_HEAP_MB", Limits.DEFAULT.workerHeapMb()),
                (int) longVar(env, "DBBASIC_HOOK_WORKERS", Limits.DEFAULT.workers()));
        var openAi = env.variable("OPENAI_API_KEY").map(key -> new OpenAi(key,
                env.variable("OPENAI_BASE_URL").orElse("https://api.openai.com/v1"),
                env.variable("DBBASIC_AI_MODEL").orElse(DEFAULT_MODEL)));
        return new BuilderConfig(env,
                Path.of(env.variable("DBBASIC_SERVICES_DIR").orElse("services")).toAbsolutePath().normalize(),
                env.dataDir().resolve("ai-service-builder"),
                env.variable("DBBASIC_CRUD_URL").orElse("http://localhost:" + env.port(ServiceId.CRUD_ENGINE)),
                limits, openAi);
    }

    private static long longVar(Environment env, String name, long fallback) {
        var value = env.variable(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value.get() + "'", e);
        }
    }
}
