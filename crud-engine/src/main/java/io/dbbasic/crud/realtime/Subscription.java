package io.dbbasic.crud.realtime;

import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.records.ListQuery;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * One connection's subscription to one resource. Confined to the dispatcher thread: no field is read or
 * written anywhere else, so none needs synchronisation (a catch-up read carries a reference back in its
 * result but does not touch the state).
 *
 * <p>{@code position} is the last change of the resource this subscription has accounted for, delivered
 * or filtered out; the next one it may take is exactly {@code position + 1}. That one rule is what keeps
 * delivery gap-free: anything else sends it back to the change log.
 */
final class Subscription {
    static final long UNKNOWN = -1;

    final Connection connection;
    final String resourceName;
    final Map<String, String> rawFilter;
    /** The resource as the filter was last parsed against; replaced when its YAML changes. */
    Resource resource;
    List<ListQuery.Filter> filters;
    long position;
    /** Live: takes changes as they commit. Otherwise catching up from the log, buffering what commits meanwhile. */
    boolean live;
    boolean acked;
    boolean reading;
    boolean waitingForRoom;
    boolean active = true;
    final Deque<Dispatcher.Outgoing> buffer = new ArrayDeque<>();
    /** The buffer hit its limit and dropped changes: the log must be read again before going live. */
    boolean bufferOverflowed;

    Subscription(Connection connection, Resource resource, Map<String, String> rawFilter, List<ListQuery.Filter> filters, long since) {
        this.connection = connection;
        this.resourceName = resource.name();
        this.resource = resource;
        this.rawFilter = Map.copyOf(rawFilter);
        this.filters = List.copyOf(filters);
        this.position = since;
    }
}
