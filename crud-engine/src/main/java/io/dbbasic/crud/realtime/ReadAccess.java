package io.dbbasic.crud.realtime;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.Resource;
import java.util.Map;

/**
 * The seam for CONTRACT §5 "a subscriber only receives records it may read" (the rules are §9's
 * {@code permissions.read}; the crud-engine passes {@code Records::mayRead}, the same rule lists turn
 * into SQL). Asked for every event before it is queued for a subscriber: for a delete, with the record
 * as it was.
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
}
