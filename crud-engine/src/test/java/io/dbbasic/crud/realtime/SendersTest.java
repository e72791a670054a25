package io.dbbasic.crud.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.common.auth.Caller;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fan-out's sender shards: which thread starts a connection's sends, and that its frames keep their order. */
class SendersTest {
    private static final RealtimeHub.Settings SETTINGS = RealtimeHub.Settings.defaults();

    private final Senders senders = new Senders(2);

    @AfterEach
    void stop() {
        senders.close();
    }

    /** Completes every send at once, noting the thread that started it. */
    private static final class Recording implements Transport {
        final List<String> texts = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch received;

        Recording(int expected) {
            received = new CountDownLatch(expected);
        }

        @Override
        public void send(String text, Runnable sent, Consumer<Throwable> failed) {
            texts.add(text);
            threads.add(Thread.currentThread().getName());
            sent.run();
            received.countDown();
        }

        @Override
        public void close(int status, String reason) {
        }
    }

    private Connection connect(String id, Transport transport) {
        return new Connection(id, Caller.anonymous("127.0.0.1"), transport, SETTINGS, senders.assign(), senders::ready, c -> { });
    }

    @Test
    void nothing_is_sent_before_the_flush_and_then_each_shard_sends_from_its_own_thread() throws InterruptedException {
        var first = new Recording(1);
        var second = new Recording(1);
        var onShard0 = connect("a", first);
        var onShard1 = connect("b", second);
        assertThat(List.of(onShard0.shard(), onShard1.shard())).containsExactly(0, 1);

        onShard0.offerEvent("to a");
        onShard1.offerEvent("to b");
        assertThat(first.texts).isEmpty();
        assertThat(second.texts).isEmpty();

        senders.flush();

        assertThat(first.texts).containsExactly("to a");   // shard 0 is the flushing (dispatcher) thread, done before flush returns
        assertThat(first.threads).containsExactly(Thread.currentThread().getName());
        assertThat(second.received.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(second.texts).containsExactly("to b");
        assertThat(second.threads).containsExactly("realtime-send-1");
    }

    @Test
    void a_connection_on_another_shard_gets_its_frames_in_the_order_they_were_queued_across_many_flushes() throws InterruptedException {
        connect("a", new Recording(0));
        var transport = new Recording(2_000);
        var connection = connect("b", transport);
        assertThat(connection.shard()).isEqualTo(1);

        for (var batch = 0; batch < 200; batch++) {
            for (var i = 0; i < 10; i++) {
                connection.offerEvent(Integer.toString(batch * 10 + i));
            }
            senders.flush();
        }

        assertThat(transport.received.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(transport.texts).containsExactlyElementsOf(IntStream.range(0, 2_000).mapToObj(Integer::toString).toList());
    }

    @Test
    void one_shard_sends_everything_from_the_dispatcher_thread_with_no_thread_of_its_own() {
        try (var single = new Senders(1)) {
            var transport = new Recording(3);
            var connection = new Connection("a", Caller.anonymous("127.0.0.1"), transport, SETTINGS, single.assign(), single::ready, c -> { });
            connection.offerEvent("1");
            connection.reply("2");
            connection.offerEvent("3");
            single.flush();
            assertThat(transport.texts).containsExactly("1", "2", "3");
            assertThat(transport.threads).containsOnly(Thread.currentThread().getName());
        }
    }
}
