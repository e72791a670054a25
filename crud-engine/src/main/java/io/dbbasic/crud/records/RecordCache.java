package io.dbbasic.crud.records;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dbbasic.common.model.Resource;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Records by id, in public form with their ETag. Coherent because this process is the only writer:
 * each writer thread puts the committed version (or removes a deleted record) right after its commit,
 * before it acknowledges the write. A read that loads concurrently cannot win over that put: Caffeine
 * makes a put wait for an in-flight load of the same key, then overwrites it. An entry remembers the
 * version of the resource it was shaped by, so after a YAML change it is reloaded, never served stale.
 */
final class RecordCache {
    record Key(String resource, long id) {}

    /**
     * A record in public form and the resource version that shaped it. Its ETag is worked out at the first
     * read that needs it rather than on the writer thread that caches it: that thread bounds creates per second.
     */
    static final class Entry {
        private final Map<String, Object> record;
        private final Resource shapedBy;
        private final Function<Map<String, Object>, String> etagOf;
        private volatile String etag;

        Entry(Map<String, Object> record, Resource shapedBy, Function<Map<String, Object>, String> etagOf) {
            this.record = record;
            this.shapedBy = shapedBy;
            this.etagOf = etagOf;
        }

        Map<String, Object> record() {
            return record;
        }

        Resource shapedBy() {
            return shapedBy;
        }

        String etag() {
            var known = etag;
            if (known == null) {   // two readers at once may both work it out: the same value
                known = etagOf.apply(record);
                etag = known;
            }
            return known;
        }
    }

    private final Cache<Key, Optional<Entry>> cache;

    RecordCache(long maxRecords) {
        cache = Caffeine.newBuilder().maximumSize(maxRecords).build();
    }

    Optional<Entry> get(Resource resource, long id, Function<Key, Optional<Entry>> loader) {
        var key = new Key(resource.name(), id);
        var entry = cache.get(key, loader);
        if (entry.isPresent() && entry.get().shapedBy() != resource && !entry.get().shapedBy().equals(resource)) {
            cache.invalidate(key);
            entry = cache.get(key, loader);
        }
        return entry;
    }

    void put(long id, Entry entry) {
        cache.put(new Key(entry.shapedBy().name(), id), Optional.of(entry));
    }

    void remove(String resource, long id) {
        cache.invalidate(new Key(resource, id));
    }

    /** After a schema change the JSON form of every record of the resource may differ. */
    void forget(String resource) {
        cache.asMap().keySet().removeIf(key -> key.resource().equals(resource));
    }
}
