package io.dbbasic.hooks;

import java.time.Instant;
import java.util.Optional;

/**
 * What a hook gets (CONTRACT §6): the event, the resource, the record being written (a copy the hook
 * may change), the stored record before an update or delete, the user who writes, and the time of the
 * call (tests may fix it with {@code "now"}).
 */
public final class HookContext {
    private final String event;
    private final String resource;
    private final Row record;
    private final Row previous;
    private final User user;
    private final Instant now;

    public HookContext(String event, String resource, Row record, Row previous, User user, Instant now) {
        this.event = event == null ? "" : event;
        this.resource = resource == null ? "" : resource;
        this.record = record == null ? new Row() : record;
        this.previous = previous;
        this.user = user;
        this.now = now == null ? Instant.EPOCH : now;
    }

    /** {@code before_create}, {@code after_update}, … */
    public String event() { return event; }

    public String resource() { return resource; }

    public Row record() { return record; }

    public Optional<Row> previous() { return Optional.ofNullable(previous); }

    public Optional<User> user() { return Optional.ofNullable(user); }

    public Instant now() { return now; }

    public boolean isBefore() { return event.startsWith("before_"); }

    public boolean isCreate() { return event.endsWith("_create"); }

    public boolean isUpdate() { return event.endsWith("_update"); }

    public boolean isDelete() { return event.endsWith("_delete"); }

    /**
     * True when {@code field} differs from the stored record: always on create, never when the
     * update leaves it out.
     */
    public boolean changed(String field) {
        if (previous == null) {
            return record.has(field);
        }
        if (!record.fields().contains(field)) {
            return false;
        }
        return !Row.sameValue(record.get(field), previous.get(field));
    }
}
