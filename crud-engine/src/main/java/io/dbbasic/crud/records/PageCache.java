package io.dbbasic.crud.records;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dbbasic.common.model.Resource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * List pages (records and true total) by resource and query. DuckDB scans and sorts the whole table for
 * every page (bench/crudbench: about 5 ms of CPU for a filtered, sorted page of 100k rows), while the
 * same pages are asked for again and again (page one of a list, a dashboard), so they are kept until the
 * resource next changes.
 *
 * <p>Coherent for the same reason as {@link RecordCache}: this process is the only writer. Each resource
 * has a generation that the writer moves on after every commit that changes it, before it acknowledges
 * the write, so a request that follows an acknowledged write never gets a page from before it. A page
 * remembers the generation read before its query ran and is served only while that is still current;
 * a page loaded while a commit landed is kept under the older generation, so it is never served.
 * Queries that {@code expand} references are not kept: they embed records of other resources (and what
 * the caller may read of them). A page is kept per read rule as the caller's {@link ReadFilter} spells it:
 * callers whose rule reads the same rows (every anonymous client, every admin) share pages; an owner rule
 * makes a page per account.
 */
final class PageCache {
    private record Key(String resource, ListQuery query, ReadFilter readable) {}

    private record Entry(Records.Page page, long generation, Resource shapedBy) {}

    private final Map<String, AtomicLong> generations = new ConcurrentHashMap<>();
    private final Cache<Key, Entry> pages;

    PageCache(long maxRecords) {
        pages = Caffeine.newBuilder().maximumWeight(maxRecords)
                .weigher((Key key, Entry entry) -> entry.page().records().size() + 1).build();
    }

    Records.Page get(Resource resource, ListQuery query, ReadFilter readable, Supplier<Records.Page> load) {
        if (!query.expand().isEmpty()) {
            return load.get();
        }
        var key = new Key(resource.name(), query, readable);
        var generation = generation(resource.name());
        var current = generation.get();
        var entry = pages.getIfPresent(key);
        if (entry != null && entry.generation() == current && (entry.shapedBy() == resource || entry.shapedBy().equals(resource))) {
            return entry.page();
        }
        var page = load.get();
        pages.put(key, new Entry(page, current, resource));
        return page;
    }

    /** A commit changed records of {@code resource}, or its fields changed: its pages are stale. */
    void changed(String resource) {
        generation(resource).incrementAndGet();
    }

    private AtomicLong generation(String resource) {
        return generations.computeIfAbsent(resource, name -> new AtomicLong());
    }
}
