package io.dbbasic.events.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BloomSetTest {
    @Test
    void every_member_is_found_and_few_strangers_are() {
        var random = new java.util.Random(42);   // fixed ids: the false-positive count is a property of the set, not of luck
        var set = new BloomSet(1024);
        var members = new ArrayList<UUID>();
        for (int i = 0; i < 20_000; i++) {
            var id = new UUID(random.nextLong(), random.nextLong());
            members.add(id);
            set.add(id);
            set.add("stream-" + i);
        }
        assertThat(members).allMatch(set::mightContain);
        for (int i = 0; i < 20_000; i++) {
            assertThat(set.mightContain("stream-" + i)).isTrue();
        }
        assertThat(set.segmentCount()).as("grew by adding segments").isGreaterThan(1);

        int falsePositives = 0;
        for (int i = 0; i < 20_000; i++) {
            if (set.mightContain(new UUID(random.nextLong(), random.nextLong())) || set.mightContain("other-" + i)) {
                falsePositives++;
            }
        }
        assertThat(falsePositives).as("false positives of 40,000 lookups").isLessThan(2_000);
    }
}
