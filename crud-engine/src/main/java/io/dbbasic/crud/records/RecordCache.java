package io.dbbasic.crud.records;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Records by id, in public form with their ETag. Coherent because this process is the only writer:
 * each writer thread puts the committed version (or removes a deleted record) right after its commit,
 * before it acknowledges the write. A read that loads concurrently cannot win over that put: Caffeine
 * makes a put wait for an in-flight load of the same key, then overwrites it.
 */
final class RecordCache {
    record Key(String resource, long id) {}

    record Entry(Map<String, Object> record, String etag) {}

    private final Cache<Key, Optional<Entry>> cache;

    RecordCache(long maxRecords) {
        cache = Caffeine.newBuilder().maximumSize(maxRecords).build();
    }

    Optional<Entry> get(String resource, long id, Function<Key, Optional<Entry>> loader) {
        return cache.get(new Key(resource, id), loader);
    }

    void put(String resource, long id, Entry entry) {
        cache.put(new Key(resource, id), Optional.of(entry));
    }

    void remove(String resource, long id) {
        cache.invalidate(new Key(resource, id));
    }

    /** After a schema change the JSON form of every record of the resource may differ. */
    void forget(String resource) {
        cache.asMap().keySet().removeIf(key -> key.resource().equals(resource));
    }
}
