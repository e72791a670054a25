package io.dbbasic.crud.hooks;

import io.dbbasic.common.activity.ActivityReporter;
import io.dbbasic.common.hooks.HookCall;
import io.dbbasic.common.hooks.HookClient;
import io.dbbasic.common.tasks.Task;
import java.util.List;
import java.util.Map;

/**
 * Runs the after-hooks {@link HookRunner} queued, on the task worker's thread. A hook that is stopped,
 * fails or cannot be reached throws, so the queue retries it with backoff and, after the last attempt,
 * keeps it among the dead tasks; a veto or a missing service ends the task (the write stays).
 */
public final class AfterHooks {
    private final HookClient client;
    private final ActivityReporter activity;

    public AfterHooks(HookClient client, ActivityReporter activity) {
        this.client = client;
        this.activity = activity;
    }

    public void run(Task task) {
        var payload = task.payload();
        var name = (String) payload.get("hook");
        @SuppressWarnings("unchecked")
        var record = (Map<String, Object>) payload.get("record");
        @SuppressWarnings("unchecked")
        var previous = (Map<String, Object>) payload.get("previous");
        @SuppressWarnings("unchecked")
        var user = (Map<String, Object>) payload.get("user");
        var call = new HookCall((String) payload.get("event"), (String) payload.get("resource"), record, previous, hookUser(user));
        var started = System.nanoTime();
        var outcome = client.invoke(name, call);
        activity.hook((String) payload.get("resource"), name, (String) payload.get("event"), outcome.describe(), (System.nanoTime() - started) / 1e6);
        if (outcome.failsClosed()) {
            throw new IllegalStateException(outcome.describe());
        }
    }

    private static HookCall.Caller hookUser(Map<String, Object> user) {
        if (user == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        var roles = (List<String>) user.getOrDefault("roles", List.of());
        return new HookCall.Caller(((Number) user.get("id")).longValue(), (String) user.get("username"), roles);
    }
}
