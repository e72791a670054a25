package io.dbbasic.events.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A set that answers "definitely not seen" or "maybe seen" (a Bloom filter that grows by adding
 * segments of twice the size, about 1% false positives each). The writer asks it before every append,
 * so that a new event id or a new stream costs no database lookup; only a "maybe" is checked in
 * DuckDB. About 1.2 bytes per member.
 *
 * <p>Threads: not thread-safe; owned by the writer thread (filled at start-up before that thread runs).
 */
final class BloomSet {
    private static final int HASHES = 7;
    private static final double BITS_PER_MEMBER = 9.6;   // 1% false positives at 7 hashes

    private final List<Segment> segments = new ArrayList<>();

    BloomSet(long initialCapacity) {
        segments.add(new Segment(Math.max(1024, initialCapacity)));
    }

    void add(UUID id) {
        add(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    boolean mightContain(UUID id) {
        return mightContain(id.getMostSignificantBits(), id.getLeastSignificantBits());
    }

    void add(String s) {
        var bytes = s.getBytes(StandardCharsets.UTF_8);
        add(hash(bytes, 0x9E3779B97F4A7C15L), hash(bytes, 0xC2B2AE3D27D4EB4FL));
    }

    boolean mightContain(String s) {
        var bytes = s.getBytes(StandardCharsets.UTF_8);
        return mightContain(hash(bytes, 0x9E3779B97F4A7C15L), hash(bytes, 0xC2B2AE3D27D4EB4FL));
    }

    int segmentCount() {
        return segments.size();
    }

    private void add(long a, long b) {
        var h1 = mix(a);
        var h2 = mix(b ^ 0x632BE59BD9B4E019L) | 1;
        var last = segments.get(segments.size() - 1);
        if (last.full()) {
            last = new Segment(last.capacity * 2);
            segments.add(last);
        }
        last.add(h1, h2);
    }

    private boolean mightContain(long a, long b) {
        var h1 = mix(a);
        var h2 = mix(b ^ 0x632BE59BD9B4E019L) | 1;
        for (var segment : segments) {
            if (segment.mightContain(h1, h2)) {
                return true;
            }
        }
        return false;
    }

    /** SplitMix64's finaliser: spreads the bits of a 64-bit value. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long hash(byte[] bytes, long seed) {
        var h = seed ^ bytes.length;
        for (var b : bytes) {
            h = mix(h ^ (b & 0xff));
        }
        return h;
    }

    private static final class Segment {
        private final long capacity;
        private final long bits;
        private final long[] words;
        private long members;

        Segment(long capacity) {
            this.capacity = capacity;
            this.bits = Math.max(64, (long) Math.ceil(capacity * BITS_PER_MEMBER));
            this.words = new long[(int) ((bits + 63) / 64)];
        }

        boolean full() {
            return members >= capacity;
        }

        void add(long h1, long h2) {
            for (int i = 0; i < HASHES; i++) {
                var bit = Math.floorMod(h1 + i * h2, bits);
                words[(int) (bit >>> 6)] |= 1L << bit;
            }
            members++;
        }

        boolean mightContain(long h1, long h2) {
            for (int i = 0; i < HASHES; i++) {
                var bit = Math.floorMod(h1 + i * h2, bits);
                if ((words[(int) (bit >>> 6)] & (1L << bit)) == 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
