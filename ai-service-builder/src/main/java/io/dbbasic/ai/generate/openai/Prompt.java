package io.dbbasic.ai.generate.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.ai.generate.GenerateRequest;
import io.dbbasic.ai.models.Catalog;

/** The messages that ask a model for a hook: the hook API and sandbox rules, then the task. */
final class Prompt {
    private Prompt() {}

    static final String SYSTEM = """
            You write hook services for DBBasic: one Java 17 class per service, run on every write of a resource.
            Reply with exactly one ```java block holding the whole source, then one ```json block holding an array of
            tests [{"name": "...", "input": {"event": "...", "record": {...}, "previous": {...} or null}, "expected": {...}}].
            "expected" is matched as a subset: {"action":"continue","record":{only the fields that matter}} or
            {"action":"reject","message":"...","errors":{"field":"..."}}.

            The hook API (package io.dbbasic.hooks; import io.dbbasic.hooks.*):
              public interface Hook { HookResult handle(HookContext ctx); }
              HookContext: String event(), String resource(), Row record() (a mutable copy), Optional<Row> previous(),
                Optional<User> user(), Instant now(), boolean isCreate()/isUpdate()/isDelete()/isBefore(), boolean changed(String field)
              Row (JSON values): Object get(f), boolean has(f), boolean isBlank(f), String getString(f) / getString(f, fallback),
                BigDecimal getDecimal(f) / getDecimal(f, fallback), Long getLong(f), long getLong(f, fallback),
                Boolean getBoolean(f), boolean getBoolean(f, fallback), LocalDate getDate(f), Instant getTimestamp(f),
                List<Object> getList(f), Map<String,Object> getMap(f), Row set(f, value), Row remove(f), Set<String> fields()
              HookResult.proceed(row) -> go on with the (changed) row; .withNotification(to, subject, body) records a notification
              HookResult.reject(message) -> refuse the write; .error(field, message) adds a field error
              User: long id(), String username(), List<String> roles(), boolean hasRole(r), boolean isAdmin()

            The sandbox: only java.lang strings and numbers, java.math, java.time, java.util collections, streams and
            regex, and the hook API. No reflection, I/O, files, network, threads, processes, System, class loading,
            synchronized, catching Throwable or Error, and no static mutable state (static fields must be final and
            immutable: List.of/Map.of/Pattern/BigDecimal/String). Every call has a loop and time budget. Numbers in a
            Row are Long or BigDecimal; use BigDecimal with RoundingMode.HALF_UP for money.
            """;

    static String task(GenerateRequest request, Catalog.ResourceInfo resource, ObjectMapper json) {
        var text = new StringBuilder();
        text.append("Service name: ").append(request.name()).append('\n');
        text.append("Event: ").append(request.event()).append('\n');
        if (resource != null) {
            text.append("Resource: ").append(resource.name()).append(" with fields:\n");
            for (var field : resource.fields()) {
                text.append("  - ").append(field.name()).append(": ").append(field.type());
                if (!field.options().isEmpty()) {
                    text.append(" (one of ").append(String.join(", ", field.options())).append(')');
                }
                text.append('\n');
            }
        } else if (request.resource() != null) {
            text.append("Resource: ").append(request.resource()).append('\n');
        }
        text.append("What the hook must do:\n").append(request.description().strip()).append('\n');
        if (!request.examples().isEmpty()) {
            try {
                text.append("Examples it must pass (input record → expected):\n").append(json.writeValueAsString(request.examples())).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return text.toString();
    }

    static String repair(String feedback) {
        return "Your answer does not pass the checks:\n" + feedback
                + "\nReply again with the whole corrected class in one ```java block and the tests in one ```json block.";
    }
}
