package io.dbbasic.events.log;

import io.dbbasic.events.model.RecordedEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The most recently committed events, in a ring indexed by position, so that live subscribers and
 * tailing readers are served from memory. A slot is reused after {@code capacity} positions; a reader
 * who finds a slot holding another position than the one it asked for falls back to the database.
 *
 * <p>Threads: the writer thread adds committed events, before it publishes the new high-water mark;
 * any thread reads positions at or below a high-water mark it has read. Events are immutable, so a
 * slot holds either the old event or the new one, never a mix.
 */
final class RecentEvents {
    private final AtomicReferenceArray<RecordedEvent> slots;
    private final int mask;

    RecentEvents(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("the ring's capacity must be a power of two, not " + capacity);
        }
        this.slots = new AtomicReferenceArray<>(capacity);
        this.mask = capacity - 1;
    }

    /** Writer thread: events just committed, in position order. */
    void add(List<RecordedEvent> committed) {
        for (var event : committed) {
            slots.set((int) (event.position() & mask), event);
        }
    }

    /** The event at {@code position} if the ring still holds it, else {@code null}. */
    RecordedEvent get(long position) {
        var event = slots.get((int) (position & mask));
        return event != null && event.position() == position ? event : null;
    }

    int capacity() {
        return mask + 1;
    }
}
