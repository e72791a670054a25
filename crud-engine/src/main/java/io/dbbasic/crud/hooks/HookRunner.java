package io.dbbasic.crud.hooks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.activity.ActivityReporter;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.DependencyDown;
import io.dbbasic.common.errors.ValidationFailed;
import io.dbbasic.common.hooks.HookCall;
import io.dbbasic.common.hooks.HookClient;
import io.dbbasic.common.hooks.HookOutcome;
import io.dbbasic.common.model.HookEvent;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.tasks.TaskQueue;
import io.dbbasic.crud.records.Change;
import io.dbbasic.crud.records.WriteHooks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a resource's hooks (CONTRACT §6). Before-hooks are a synchronous chain on the request thread:
 * each sees the previous one's record, a veto is a 422 with its message, and a timeout, a failure or an
 * unreachable builder fails closed with 503 (nothing is written). After-hooks, and the actions of a
 * workflow state being entered, go to the persistent task queue once the write is committed, and are
 * retried there; they never undo the write. A hook with no active service is skipped, unless the
 * resource's hooks are strict.
 */
public final class HookRunner implements WriteHooks {
    /** The task kind of a queued after-hook; {@link AfterHooks} runs them. */
    public static final String TASK_KIND = "hook";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final HookClient client;
    private final TaskQueue tasks;
    private final Runnable wakeWorker;
    private final ActivityReporter activity;
    private final ObjectMapper json;
    private final boolean strictEverywhere;

    public HookRunner(HookClient client, TaskQueue tasks, Runnable wakeWorker, ActivityReporter activity, ObjectMapper json,
                      boolean strictEverywhere) {
        this.client = client;
        this.tasks = tasks;
        this.wakeWorker = wakeWorker;
        this.activity = activity;
        this.json = json;
        this.strictEverywhere = strictEverywhere;
    }

    @Override
    public JsonNode before(HookEvent event, Resource resource, JsonNode record, Map<String, Object> previous, Caller caller) {
        var names = resource.hooks().of(event);
        if (names.isEmpty()) {
            return record;
        }
        var call = new HookCall(event.yamlName(), resource.name(), json.convertValue(record, MAP), previous, hookUser(caller));
        for (var name : names) {
            var started = System.nanoTime();
            var outcome = client.invoke(name, call);
            activity.hook(resource.name(), name, event.yamlName(), outcome.describe(), (System.nanoTime() - started) / 1e6);
            if (outcome instanceof HookOutcome.Continue next) {
                call = call.withRecord(next.record());
            } else if (outcome instanceof HookOutcome.Reject reject) {
                throw new ValidationFailed(reject.message(), reject.errors());
            } else if (outcome instanceof HookOutcome.Missing) {
                if (strictEverywhere || resource.strictHooks()) {
                    throw new DependencyDown("hook " + name + " has no active service and " + resource.name()
                            + "'s hooks are strict; nothing was written");
                }
            } else {
                throw new DependencyDown(outcome.describe() + "; nothing was written");
            }
        }
        return json.valueToTree(call.record());
    }

    @Override
    public void after(HookEvent event, Resource resource, Change change, Caller caller) {
        var names = new ArrayList<>(resource.hooks().of(event));
        resource.workflowIfAny().ifPresent(workflow -> {
            var moved = change.changes().get(workflow.field());
            if (moved != null && change.type() != Change.Type.DELETED && moved.get(1) != null) {
                workflow.state(String.valueOf(moved.get(1))).ifPresent(state -> names.addAll(state.actions()));
            }
        });
        if (names.isEmpty()) {
            return;
        }
        for (var name : names) {
            var payload = new LinkedHashMap<String, Object>();
            payload.put("hook", name);
            payload.put("event", event.yamlName());
            payload.put("resource", resource.name());
            payload.put("record", change.record());
            payload.put("previous", previous(change));
            payload.put("user", caller == null ? null : caller.asJson());
            tasks.enqueue(TASK_KIND, payload);
        }
        wakeWorker.run();
    }

    /** The record before the change: the new record with each changed field's old value put back. */
    private static Map<String, Object> previous(Change change) {
        if (change.type() == Change.Type.CREATED) {
            return null;
        }
        if (change.type() == Change.Type.DELETED) {
            return change.record();
        }
        var previous = new LinkedHashMap<>(change.record());
        change.changes().forEach((field, pair) -> previous.put(field, pair.get(0)));
        return previous;
    }

    private static HookCall.Caller hookUser(Caller caller) {
        return caller == null || !caller.authenticated() ? null : new HookCall.Caller(caller.userId(), caller.username(), caller.roles());
    }
}
