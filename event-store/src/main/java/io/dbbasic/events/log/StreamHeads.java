package io.dbbasic.events.log;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The last version of recently written streams, so that an append to a busy stream needs no lookup.
 * Least recently used entries are forgotten past {@code capacity}; a forgotten stream is looked up again.
 * Only committed heads are kept here.
 *
 * <p>Threads: not thread-safe; owned by the writer thread.
 */
final class StreamHeads {
    private final LinkedHashMap<String, Long> heads;

    StreamHeads(int capacity) {
        this.heads = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    OptionalLong get(String stream) {
        var head = heads.get(stream);
        return head == null ? OptionalLong.empty() : OptionalLong.of(head);
    }

    void put(String stream, long head) {
        heads.put(stream, head);
    }

    void clear() {
        heads.clear();
    }
}
