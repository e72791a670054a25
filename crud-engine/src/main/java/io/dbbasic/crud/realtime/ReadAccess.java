package io.dbbasic.crud.realtime;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.records.ReadScope;
import java.util.Map;

/**
 * The seam for CONTRACT §5 "a subscriber only receives records it may read" (the rules are §9's
 * {@code permissions.read}). Asked for every event before it is queued for a subscriber: for a delete,
 * with the record as it was. Auth (issue 5) replaces {@link #ALL} with the real rules; until then every
 * caller is anonymous and the API has no read permissions to apply.
 *
 * <p>Called on the realtime dispatcher thread, once per subscriber and event: it must be fast and must
 * not block (no I/O; look up what it needs when the caller connects). {@code record} is the public JSON
 * form; a record replayed from the change log holds what JSON parsing gives (ids may be Integer, dates
 * and timestamps ISO strings), so compare numbers as {@link Number} and values as their JSON text.
 */
@FunctionalInterface
public interface ReadAccess {
    ReadAccess ALL = (caller, resource, record) -> true;

    boolean mayRead(Caller caller, Resource resource, Map<String, Object> record);

    /**
     * Read permission given as a {@link ReadScope}'s list filters (what exports and aggregates apply),
     * evaluated in memory with the list endpoint's meaning: one definition of "may read" for lists and
     * subscriptions. The scope is asked on every event, so it should answer from what it already holds.
     */
    static ReadAccess scoped(ReadScope scope) {
        return (caller, resource, record) -> FilterMatcher.matches(resource, scope.filters(resource, caller), record);
    }
}
