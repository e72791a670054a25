package io.dbbasic.common.hooks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of a hook call (CONTRACT §6): {@code {"event","resource","record","previous","user"}}.
 * {@code previous} is null on create, {@code user} null for anonymous writes.
 */
public record HookCall(String event, String resource, Map<String, Object> record, Map<String, Object> previous, Caller user) {
    public HookCall {
        record = Collections.unmodifiableMap(new LinkedHashMap<>(record));
        previous = previous == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(previous));
    }

    /** The account that writes: {@code {"id","username","roles"}}. */
    public record Caller(long id, String username, List<String> roles) {
        public Caller {
            roles = List.copyOf(roles);
        }
    }

    /** The same call with another record: the next before-hook in a chain sees the previous one's change. */
    public HookCall withRecord(Map<String, Object> changed) {
        return new HookCall(event, resource, changed, previous, user);
    }

    Map<String, Object> body() {
        var body = new LinkedHashMap<String, Object>();
        body.put("event", event);
        body.put("resource", resource);
        body.put("record", record);
        body.put("previous", previous);
        if (user == null) {
            body.put("user", null);
        } else {
            var caller = new LinkedHashMap<String, Object>();
            caller.put("id", user.id());
            caller.put("username", user.username());
            caller.put("roles", user.roles());
            body.put("user", caller);
        }
        return body;
    }
}
