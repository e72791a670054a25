package io.dbbasic.crud.records;

import java.util.HashMap;
import java.util.Map;

/**
 * The next record id and the last change position of each resource in one database file. Owned by that
 * file's writer thread (nothing else touches it). A batch that rolls back restores the state it began
 * with, so positions never skip: subscribers rely on "exactly one more" per change.
 */
final class Sequences {
    private final Map<String, Long> lastIds = new HashMap<>();
    private final Map<String, Long> lastPositions = new HashMap<>();
    private final Map<String, Long> lastLoggedIds;

    /** {@code lastLoggedIds}: the highest record id each resource's change log names (deleted records included). */
    Sequences(Map<String, Long> lastPositions, Map<String, Long> lastLoggedIds) {
        this.lastPositions.putAll(lastPositions);
        this.lastLoggedIds = Map.copyOf(lastLoggedIds);
    }

    boolean knowsIds(String resource) {
        return lastIds.containsKey(resource);
    }

    /**
     * Ids continue after the table's highest id, and after every id the change log has seen: the id of a
     * deleted record is never given again, so its stream {@code {resource}-{id}} and history stay its own.
     */
    void startIdsAfter(String resource, long maxId) {
        lastIds.put(resource, Math.max(maxId, lastLoggedIds.getOrDefault(resource, 0L)));
    }

    long nextId(String resource) {
        return lastIds.merge(resource, 1L, Long::sum);
    }

    /** An imported record kept its own id: later ids start after it. */
    void idUsed(String resource, long id) {
        lastIds.merge(resource, id, Math::max);
    }

    long nextPosition(String resource) {
        return lastPositions.merge(resource, 1L, Long::sum);
    }

    long lastPosition(String resource) {
        return lastPositions.getOrDefault(resource, 0L);
    }

    Snapshot snapshot() {
        return new Snapshot(Map.copyOf(lastIds), Map.copyOf(lastPositions));
    }

    void restore(Snapshot snapshot) {
        lastIds.clear();
        lastIds.putAll(snapshot.ids());
        lastPositions.clear();
        lastPositions.putAll(snapshot.positions());
    }

    record Snapshot(Map<String, Long> ids, Map<String, Long> positions) {}
}
