// Create-to-WebSocket delivery latency of the crud-engine's /ws, against a raw Javalin WebSocket broadcast
// measured in the same run, on the same machine, with the same clients. Not part of `mvn verify`.
//
//   mvn -q -B -o -pl crud-engine -am package -DskipTests
//   java -Xmx2g -cp crud-engine/target/crud-engine.jar bench/realtime/RealtimeBench.java [subscribers] [rate/s] [seconds] [rounds]
//
// Each round runs both targets: N subscribers connect; a sender fires requests open-loop at a fixed rate
// (the clock starts at the scheduled send time, so a server that falls behind is charged for the queueing);
// each subscriber notes when each message arrives. Latency = arrival - scheduled send, over every
// (message, subscriber) pair. Warm-up messages (the first 3 seconds) are not counted.
// The subscribers: BENCH_CLIENTS=nio (default; a lean RFC 6455 client on plain NIO, two threads) or jdk
// (java.net.http.WebSocket, which takes far more of the two cores the servers need).
//   raw:      POST /broadcast → a Javalin handler loops over the sessions calling ctx.send(body), one broadcast
//             at a time (the hub also fans out from one thread, which is what keeps each resource in order)
//   dbbasic:  POST /api/ticks (a durable create through validation and group commit) → the change reaches
//             every subscriber of `ticks` (filter {"kind":"bench"}) through the realtime hub
//
// Auth (docs/auth.md): `ticks` has no permissions block, so it needs an account. The crud-engine creates
// `admin` with a random DBBASIC_ADMIN_PASSWORD per run; the bench logs in (POST /api/auth/login) and sends
// `Authorization: Bearer <token>` on every create and every /ws upgrade. The raw target gets a header of
// the same form and size (a login token signed with a throwaway key; raw Javalin does not check it).
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.auth.SigningKey;
import io.dbbasic.common.auth.TokenClaims;
import io.dbbasic.common.auth.Tokens;
import io.dbbasic.common.service.Environment;
import io.dbbasic.crud.CrudEngineApp;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

public class RealtimeBench {

    /** {@code latenciesNanos}: every delivery; {@code requestNanos}: each request's scheduled send to its HTTP response. */
    record Result(String name, int expected, long delivered, long[] latenciesNanos, long[] requestNanos, long[] fanOutNanos,
                  double seconds, long fanOutCpuNanos) {
        long percentile(double p) {
            return percentile(latenciesNanos, p);
        }

        static long percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return -1;
            }
            var index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
        }
    }

    /** One measured run: messages are numbered; arrivals[seq * subscribers + client] = nanoTime of arrival. */
    static final class Run {
        final int subscribers;
        final int messages;
        final long[] sentAt;
        final long[] arrivals;
        final CountDownLatch done;
        final AtomicLong delivered = new AtomicLong();

        Run(int subscribers, int messages) {
            this.subscribers = subscribers;
            this.messages = messages;
            this.sentAt = new long[messages];
            this.arrivals = new long[subscribers * messages];
            this.done = new CountDownLatch(subscribers * messages);
        }

        void arrived(int client, int seq, long now) {
            if (seq >= 0 && seq < messages && arrivals[seq * subscribers + client] == 0) {
                arrivals[seq * subscribers + client] = now;
                delivered.incrementAndGet();
                done.countDown();
            }
        }
    }

    interface Target extends AutoCloseable {
        String name();
        URI socket();
        /** The {@code Authorization} header sent with the upgrade and with every request. */
        String authorization();
        /** The first message a client sends after connecting (null: none); the first reply it waits for. */
        String hello();
        HttpRequest request(int seq);
        /** CPU time the server has spent so far fanning messages out to the sockets. */
        long fanOutCpuNanos();
        @Override void close();
    }

    public static void main(String[] args) throws Exception {
        var subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        var rate = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        var seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        var rounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        System.out.printf("realtime bench: %d subscribers, %d creates/s for %d s (+3 s warm-up), %d rounds; %d cpus, java %s%n",
                subscribers, rate, seconds, rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        var kind = System.getenv().getOrDefault("BENCH_CLIENTS", "nio");
        Clients clients = switch (kind) {
            case "nio" -> new NioClients();
            case "jdk" -> new JdkClients();
            default -> throw new IllegalArgumentException("BENCH_CLIENTS takes nio or jdk, not " + kind);
        };
        System.out.println("clients: " + kind);
        var sender = HttpClient.newHttpClient();
        for (var round = 1; round <= rounds; round++) {
            Result raw;
            Result dbbasic;
            try (var target = rawJavalin()) {
                raw = measure(target, clients, sender, subscribers, rate, seconds);
            }
            try (var target = crudEngine()) {
                dbbasic = measure(target, clients, sender, subscribers, rate, seconds);
            }
            print(round, raw);
            print(round, dbbasic);
            System.out.printf("  round %d ratio dbbasic/raw: p50 %.2fx, p99 %.2fx, fan-out CPU per delivery %.2fx%n", round,
                    (double) dbbasic.percentile(50) / raw.percentile(50), (double) dbbasic.percentile(99) / raw.percentile(99),
                    ((double) dbbasic.fanOutCpuNanos() / dbbasic.delivered()) / ((double) raw.fanOutCpuNanos() / raw.delivered()));
        }
        System.exit(0);
    }

    static void print(int round, Result r) {
        System.out.printf("  round %d %-8s delivered %d/%d in %.1f s  p50 %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  max %7.2f ms"
                        + "   (request alone: p50 %6.2f ms, p99 %6.2f ms)%n",
                round, r.name(), r.delivered(), r.expected(), r.seconds(), r.percentile(50) / 1e6, r.percentile(90) / 1e6,
                r.percentile(99) / 1e6, r.percentile(100) / 1e6,
                Result.percentile(r.requestNanos(), 50) / 1e6, Result.percentile(r.requestNanos(), 99) / 1e6);
        System.out.printf("  round %d %-8s fan-out (arrival minus the first subscriber's arrival of the same message): p50 %6.2f ms  p99 %6.2f ms;"
                        + " server CPU for the fan-out: %.2f µs per delivery%n",
                round, r.name(), Result.percentile(r.fanOutNanos(), 50) / 1e6, Result.percentile(r.fanOutNanos(), 99) / 1e6,
                r.fanOutCpuNanos() / 1e3 / Math.max(1, r.delivered()));
    }

    static Result measure(Target target, Clients clients, HttpClient sender, int subscribers, int rate, int seconds) throws Exception {
        var warmup = 3 * rate;   // three seconds: the JIT compiles both servers' paths before anything counts
        var messages = warmup + rate * seconds;
        var run = new Run(subscribers, messages);
        var connected = clients.connect(target, run);
        var cpuBefore = 0L;
        var interval = 1_000_000_000L / rate;
        var start = System.nanoTime() + 50_000_000L;
        var responses = new ArrayList<CompletableFuture<HttpResponse<Void>>>();
        var answeredAt = new long[messages];
        for (var seq = 0; seq < messages; seq++) {
            var scheduled = start + seq * interval;
            for (long wait; (wait = scheduled - System.nanoTime()) > 0; ) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (seq == warmup) {
                cpuBefore = target.fanOutCpuNanos();
            }
            run.sentAt[seq] = scheduled;
            var index = seq;
            responses.add(sender.sendAsync(target.request(seq), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> answeredAt[index] = System.nanoTime()));
        }
        var finished = run.done.await(30, TimeUnit.SECONDS);
        var fanOutCpu = target.fanOutCpuNanos() - cpuBefore;
        var elapsed = (System.nanoTime() - start) / 1e9;
        for (var response : responses) {
            var status = response.get(30, TimeUnit.SECONDS).statusCode();
            if (status >= 300) {
                throw new IllegalStateException(target.name() + ": request answered " + status);
            }
        }
        connected.close();
        var latencies = new long[subscribers * (messages - warmup)];
        var fanOut = new long[latencies.length];
        var n = 0;
        for (var seq = warmup; seq < messages; seq++) {
            var first = Long.MAX_VALUE;
            for (var c = 0; c < subscribers; c++) {
                var at = run.arrivals[seq * subscribers + c];
                if (at != 0) {
                    first = Math.min(first, at);
                }
            }
            for (var c = 0; c < subscribers; c++) {
                var at = run.arrivals[seq * subscribers + c];
                if (at != 0) {
                    fanOut[n] = at - first;
                    latencies[n++] = at - run.sentAt[seq];
                }
            }
        }
        fanOut = Arrays.copyOf(fanOut, n);
        Arrays.sort(fanOut);
        if (System.getenv("BENCH_TIMELINE") != null) {   // median delivery latency per second sent, to tell a backlog from noise
            var line = new StringBuilder("  " + target.name() + " timeline (p50 ms per second sent):");
            for (var second = 0; second < messages / rate; second++) {
                var slice = new ArrayList<Long>();
                for (var seq = second * rate; seq < (second + 1) * rate; seq++) {
                    for (var c = 0; c < subscribers; c++) {
                        var at = run.arrivals[seq * subscribers + c];
                        if (at != 0) {
                            slice.add(at - run.sentAt[seq]);
                        }
                    }
                }
                slice.sort(null);
                line.append(slice.isEmpty() ? " -" : String.format(" %.0f", slice.get(slice.size() / 2) / 1e6));
            }
            System.out.println(line);
        }
        var measured = Arrays.copyOf(latencies, n);
        Arrays.sort(measured);
        var requests = new long[messages - warmup];
        for (var seq = warmup; seq < messages; seq++) {
            requests[seq - warmup] = answeredAt[seq] - run.sentAt[seq];
        }
        Arrays.sort(requests);
        if (!finished) {
            System.out.printf("  %s: only %d of %d deliveries within 30 s%n", target.name(), run.delivered.get(), subscribers * messages);
        }
        return new Result(target.name(), subscribers * (messages - warmup), n, measured, requests, fanOut, elapsed, fanOutCpu);
    }

    /** The subscribers' side: connects {@code run.subscribers} sockets, each subscribed once this returns. */
    interface Clients {
        Connected connect(Target target, Run run) throws Exception;
    }

    /** The open sockets of one run. */
    interface Connected extends AutoCloseable {
        @Override void close();
    }

    /** The JDK's {@code java.net.http.WebSocket}, the sockets spread over 4 HttpClients (one selector thread each). */
    static final class JdkClients implements Clients {
        private final HttpClient[] pools = new HttpClient[4];

        JdkClients() {
            for (var i = 0; i < pools.length; i++) {
                pools[i] = HttpClient.newHttpClient();
            }
        }

        @Override
        public Connected connect(Target target, Run run) throws Exception {
            var ready = new CountDownLatch(run.subscribers);
            var opening = new ArrayList<CompletableFuture<WebSocket>>();
            for (var c = 0; c < run.subscribers; c++) {
                opening.add(pools[c % pools.length].newWebSocketBuilder()
                        .header("Authorization", target.authorization())
                        .buildAsync(target.socket(), new Listener(new Inbox(run, c, target.hello() != null, ready))));
            }
            var sockets = new ArrayList<WebSocket>();
            for (var socket : opening) {
                sockets.add(socket.get(60, TimeUnit.SECONDS));
                if (target.hello() != null) {
                    sockets.get(sockets.size() - 1).sendText(target.hello(), true);
                }
            }
            awaitReady(target, ready);
            return () -> sockets.forEach(WebSocket::abort);
        }
    }

    static void awaitReady(Target target, CountDownLatch ready) throws InterruptedException {
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(target.name() + ": subscribers not ready");
        }
    }

    /**
     * A minimal RFC 6455 client on plain NIO: two selector threads read every socket and parse the frames in
     * place. The JDK client costs several times more CPU per message (a hop to an executor, per-message
     * objects), and here it shares the two cores with the servers it measures; this one is the lean load
     * generator, as wrk is for HTTP. It answers pings, masks what it sends, and understands only what the
     * servers send (text frames, possibly fragmented, pings, close).
     */
    static final class NioClients implements Clients {
        static final int THREADS = 2;
        private final Random random = new Random();

        @Override
        public Connected connect(Target target, Run run) throws Exception {
            var ready = new CountDownLatch(run.subscribers);
            var loops = new NioLoop[THREADS];
            for (var i = 0; i < loops.length; i++) {
                loops[i] = new NioLoop(Selector.open(), "bench-ws-client-" + i);
            }
            for (var c = 0; c < run.subscribers; c++) {
                var channel = handshake(target);
                var socket = new NioSocket(channel, new Inbox(run, c, target.hello() != null, ready), mask());
                if (target.hello() != null) {
                    socket.sendText(target.hello());
                }
                loops[c % loops.length].add(socket);
            }
            for (var loop : loops) {
                loop.thread.start();
            }
            awaitReady(target, ready);
            return () -> {
                for (var loop : loops) {
                    loop.stop();
                }
            };
        }

        private byte[] mask() {
            var key = new byte[4];
            random.nextBytes(key);
            return key;
        }

        /** Opens a socket and upgrades it, blocking; returns it non-blocking, with nothing past the answer read. */
        private SocketChannel handshake(Target target) throws IOException {
            var uri = target.socket();
            var channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            var key = new byte[16];
            random.nextBytes(key);
            var request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(key) + "\r\nAuthorization: " + target.authorization() + "\r\n\r\n";
            var out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            // Read byte by byte up to the blank line, so that no frame after the answer is taken with it.
            var answer = new StringBuilder();
            var one = ByteBuffer.allocate(1);
            while (!answer.toString().endsWith("\r\n\r\n")) {
                one.clear();
                if (channel.read(one) < 0) {
                    throw new IOException(target.name() + ": socket closed during the upgrade: " + answer);
                }
                answer.append((char) one.get(0));
            }
            if (!answer.toString().startsWith("HTTP/1.1 101")) {
                throw new IllegalStateException(target.name() + ": upgrade refused: " + answer);
            }
            channel.configureBlocking(false);
            return channel;
        }
    }

    /** One selector thread and the sockets registered with it. */
    static final class NioLoop {
        final Selector selector;
        final Thread thread;
        private volatile boolean stopping;

        NioLoop(Selector selector, String name) {
            this.selector = selector;
            this.thread = new Thread(this::loop, name);
            this.thread.setDaemon(true);
        }

        /** Before the thread starts only. */
        void add(NioSocket socket) throws IOException {
            socket.channel.register(selector, SelectionKey.OP_READ, socket);
        }

        private void loop() {
            try {
                while (!stopping) {
                    selector.select(key -> ((NioSocket) key.attachment()).readable(System.nanoTime()), 100);
                }
            } catch (IOException | RuntimeException e) {
                if (!stopping) {
                    System.err.println(thread.getName() + ": " + e);
                }
            }
        }

        void stop() {
            stopping = true;
            selector.wakeup();
            try {
                thread.join(5_000);
                for (var key : selector.keys()) {
                    key.channel().close();
                }
                selector.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                System.err.println(thread.getName() + ": closing: " + e);
            }
        }
    }

    /** One client socket: parses the server's frames as they come; a text message is timed at the read that completed it. */
    static final class NioSocket {
        final SocketChannel channel;
        private final Inbox inbox;
        private final byte[] mask;
        private ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        private final ByteArrayOutputStream fragments = new ByteArrayOutputStream();

        NioSocket(SocketChannel channel, Inbox inbox, byte[] mask) {
            this.channel = channel;
            this.inbox = inbox;
            this.mask = mask;
        }

        void readable(long now) {
            try {
                int read;
                while ((read = channel.read(in)) > 0) {
                    in.flip();
                    parse(now);
                    in.compact();
                    if (!in.hasRemaining()) {   // a frame larger than the buffer
                        in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
                    }
                }
                if (read < 0) {
                    channel.close();
                }
            } catch (IOException e) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }

        /** Consumes every whole frame in {@code in} (flipped), leaving a partial one in place. */
        private void parse(long now) throws IOException {
            while (in.remaining() >= 2) {
                var start = in.position();
                var b0 = in.get(start) & 0xff;
                var b1 = in.get(start + 1) & 0xff;
                var header = 2;
                long length = b1 & 0x7f;
                if (length == 126) {
                    if (in.remaining() < 4) {
                        return;
                    }
                    length = in.getShort(start + 2) & 0xffff;
                    header = 4;
                } else if (length == 127) {
                    if (in.remaining() < 10) {
                        return;
                    }
                    length = in.getLong(start + 2);
                    header = 10;
                }
                if (in.remaining() < header + length) {
                    return;
                }
                var payload = new byte[(int) length];
                in.position(start + header);
                in.get(payload);
                frame(b0 & 0x80, b0 & 0x0f, payload, now);
            }
        }

        private void frame(int fin, int opcode, byte[] payload, long now) throws IOException {
            switch (opcode) {
                case 0x1, 0x0 -> {
                    if (fin == 0 || fragments.size() > 0) {
                        fragments.write(payload);
                        if (fin == 0) {
                            return;
                        }
                        payload = fragments.toByteArray();
                        fragments.reset();
                    }
                    inbox.message(new String(payload, StandardCharsets.UTF_8), now);
                }
                case 0x9 -> send(0xA, payload);   // ping: pong with the same payload
                case 0x8 -> channel.close();
                default -> { }                    // pong, binary: the servers send none that matter
            }
        }

        void sendText(String text) throws IOException {
            send(0x1, text.getBytes(StandardCharsets.UTF_8));
        }

        /** One masked, unfragmented frame of fewer than 64 KiB; the sockets are quiet enough that a short write is rare, and waited out. */
        private void send(int opcode, byte[] payload) throws IOException {
            var out = ByteBuffer.allocate(8 + payload.length);
            out.put((byte) (0x80 | opcode));
            if (payload.length < 126) {
                out.put((byte) (0x80 | payload.length));
            } else {
                out.put((byte) (0x80 | 126)).putShort((short) payload.length);
            }
            out.put(mask);
            for (var i = 0; i < payload.length; i++) {
                out.put((byte) (payload[i] ^ mask[i & 3]));
            }
            out.flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
        }
    }

    /** One subscriber's messages: the first answers its hello (if it sent one); every later one is timed by its number. */
    static final class Inbox {
        private final Run run;
        private final int client;
        private final CountDownLatch ready;
        private boolean waitingForHello;

        Inbox(Run run, int client, boolean hello, CountDownLatch ready) {
            this.run = run;
            this.client = client;
            this.ready = ready;
            this.waitingForHello = hello;
            if (!hello) {
                ready.countDown();
            }
        }

        void message(String text, long now) {
            if (waitingForHello) {
                waitingForHello = false;
                if (!text.contains("\"subscribed\"")) {
                    System.err.println("unexpected reply: " + text);
                }
                ready.countDown();
            } else {
                run.arrived(client, seq(text), now);
            }
        }

        /** The number follows {@code "seq":} in the text. */
        static int seq(String text) {
            var at = text.indexOf("\"seq\":");
            if (at < 0) {
                return -1;
            }
            var i = at + 6;
            var end = i;
            while (end < text.length() && Character.isDigit(text.charAt(end))) {
                end++;
            }
            return Integer.parseInt(text, i, end, 10);
        }
    }

    /** The JDK client's side of one subscriber: whole messages to its inbox, timed at their last part. */
    static final class Listener implements WebSocket.Listener {
        private final Inbox inbox;
        private final StringBuilder partial = new StringBuilder();

        Listener(Inbox inbox) {
            this.inbox = inbox;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            var now = System.nanoTime();
            partial.append(data);
            if (last) {
                inbox.message(partial.toString(), now);
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    /** The CPU time of the live threads whose names start with one of {@code prefixes}, summed. */
    static long threadCpu(String... prefixes) {
        var threads = ManagementFactory.getThreadMXBean();
        var total = 0L;
        for (var thread : Thread.getAllStackTraces().keySet()) {
            for (var prefix : prefixes) {
                if (thread.getName().startsWith(prefix)) {
                    total += threads.getThreadCpuTime(thread.getId());
                    break;
                }
            }
        }
        return total;
    }

    static Target rawJavalin() throws Exception {
        var authorization = lookalikeAuthorization();
        Set<WsContext> sessions = ConcurrentHashMap.newKeySet();
        var cpu = new AtomicLong();
        var threads = ManagementFactory.getThreadMXBean();
        var app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.ws("/ws", ws -> {
                ws.onConnect(ctx -> {
                    ctx.enableAutomaticPings(15, TimeUnit.SECONDS);   // as /ws does: Jetty closes idle sockets after 30 s
                    sessions.add(ctx);
                });
                ws.onMessage(ctx -> ctx.send("{\"type\":\"subscribed\"}"));   // the hello: the session is registered by now
                ws.onClose(sessions::remove);
                ws.onError(sessions::remove);
            });
            config.routes.post("/broadcast", ctx -> {
                var body = ctx.body();
                // one broadcast at a time, like the hub's single dispatcher (and in commit order, as /ws must)
                synchronized (sessions) {
                    var before = threads.getCurrentThreadCpuTime();
                    for (var session : sessions) {
                        session.send(body);
                    }
                    cpu.addAndGet(threads.getCurrentThreadCpuTime() - before);
                }
                ctx.status(201);
            });
        }).start(0);
        return new Target() {
            public String name() { return "raw"; }
            public long fanOutCpuNanos() { return cpu.get(); }
            public URI socket() { return URI.create("ws://localhost:" + app.port() + "/ws"); }
            public String authorization() { return authorization; }
            public String hello() { return "hello"; }
            public HttpRequest request(int seq) {
                return HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/broadcast"))
                        .header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"created\",\"seq\":" + seq + "}")).build();
            }
            public void close() { app.stop(); }
        };
    }

    static Target crudEngine() throws Exception {
        Path appDir = Files.createTempDirectory("bench-app");
        Path dataDir = Files.createTempDirectory("bench-data");
        Files.writeString(appDir.resolve("ticks.yaml"), """
                resource: ticks
                fields:
                  id: {type: primary_key}
                  seq: {type: integer, required: true}
                  kind: {type: select, options: [bench, other], default: bench}
                  sent_at: {type: timestamp, auto_now_add: true}
                """);
        var password = randomPassword();
        var app = CrudEngineApp.create(Environment.of(Map.of("DBBASIC_APP_DIR", appDir.toString(),
                "DBBASIC_DATA_DIR", dataDir.toString(), "DBBASIC_EVENTS_PORT", "1",   // no outbox traffic to a stack on 8006
                "DBBASIC_MONITOR_PORT", "1", "DBBASIC_AI_PORT", "1",                  // nor activity reports and hook look-ups to 8004, 8003
                "DBBASIC_ADMIN_PASSWORD", password))).start(0);
        var authorization = login(app.port(), password);
        return new Target() {
            public String name() { return "dbbasic"; }
            // matching, serialising, queueing (the dispatcher), sending (the dispatcher and the sender shards)
            public long fanOutCpuNanos() { return threadCpu("realtime-dispatch", "realtime-send-"); }
            public URI socket() { return URI.create("ws://localhost:" + app.port() + "/ws"); }
            public String authorization() { return authorization; }
            public String hello() { return "{\"action\":\"subscribe\",\"resource\":\"ticks\",\"filter\":{\"kind\":\"bench\"}}"; }
            public HttpRequest request(int seq) {
                return HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/api/ticks"))
                        .header("Content-Type", "application/json").header("Authorization", authorization)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"seq\":" + seq + "}")).build();
            }
            public void close() { app.stop(); }
        };
    }

    /** Logs in as {@code admin}; checks first that the crud-engine refuses an anonymous create. */
    static String login(int port, String password) throws Exception {
        var http = HttpClient.newHttpClient();
        var anonymous = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/ticks"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"seq\":-1}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (anonymous.statusCode() != 401) {
            throw new IllegalStateException("an anonymous create answered " + anonymous.statusCode() + "; expected 401");
        }
        var json = new ObjectMapper();
        var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("username", "admin", "password", password)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login answered " + response.statusCode() + " " + response.body());
        }
        return "Bearer " + json.readTree(response.body()).get("token").asText();
    }

    /** A header like the crud-engine's: a login token of {@code admin} with the same claims, signed with a throwaway key. */
    static String lookalikeAuthorization() throws Exception {
        var clock = Clock.systemUTC();
        var sessionId = new byte[32];
        new SecureRandom().nextBytes(sessionId);
        var session = new TokenClaims.Session(1, "admin", List.of("admin"),
                Base64.getUrlEncoder().withoutPadding().encodeToString(sessionId), clock.instant().plus(Tokens.MAX_LOGIN));
        var throwaway = Files.createTempDirectory("bench-key");
        return "Bearer " + new Tokens(SigningKey.loadOrCreate(throwaway), clock).issue(session);
    }

    /** A throwaway admin password for this run. */
    static String randomPassword() {
        var bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
