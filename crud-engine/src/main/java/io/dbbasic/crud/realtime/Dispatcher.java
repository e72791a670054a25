package io.dbbasic.crud.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.records.Change;
import io.dbbasic.crud.records.ListQuery;
import io.dbbasic.crud.records.Records;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything realtime decides, run by one thread (the hub's dispatcher) from one inbox, in arrival order:
 * committed changes, client messages, closed sockets, finished change-log reads, outboxes with room again,
 * reloaded YAML. Because only this thread touches subscriptions, there are no locks and no races between
 * "catching up from the log" and "receiving live changes": both are just commands in one queue.
 *
 * <p><b>Catch-up, then live, without loss or duplicates.</b> A new subscription is registered first and
 * buffers every change that commits from then on; then the log is read (on a reader thread) from
 * {@code since}, page by page; then the buffer is drained, dropping what the log already gave; then it is
 * live. A change that committed before the registration is in the log, one that committed after is in
 * the buffer, positions remove the overlap, and any gap (a full buffer, a full outbox, a dropped commit
 * notice) just means "read the log again from my position".
 */
final class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    sealed interface Command permits Published, Received, Closed, PageRead, Room, ModelChanged, Resync {}

    /** From a writer thread: one commit's changes, in commit order. */
    record Published(List<Change> changes) implements Command {}

    /** From a Jetty thread: a text frame; {@code text} is null for a binary frame. */
    record Received(Connection connection, String text) implements Command {}

    record Closed(Connection connection) implements Command {}

    /** From a reader thread: {@code last} is the resource's last position (first read only, else -1). */
    record PageRead(Subscription subscription, long last, List<Change> changes, RuntimeException failure) implements Command {}

    /** From the thread that drained an outbox below its low-water mark. */
    record Room(Connection connection) implements Command {}

    /** From the reload thread: resources whose YAML changed or went away. */
    record ModelChanged(AppModel model, List<String> changed, List<String> removed) implements Command {}

    /** Commit notices were dropped (the inbox was full): every subscription re-reads the log. */
    record Resync() implements Command {}

    /** A change on its way out, serialised at most once however many subscriptions send it. */
    static final class Outgoing {
        final Change change;
        private String wire;

        Outgoing(Change change) {
            this.change = change;
        }

        long position() {
            return change.position();
        }

        String wire(ObjectMapper json) {
            if (wire == null) {
                wire = write(json, ServerMessage.Event.of(change));
            }
            return wire;
        }
    }

    private final Records records;
    private final Supplier<AppModel> model;
    private final ReadAccess access;
    private final ObjectMapper json;
    private final RealtimeHub.Settings settings;
    private final Executor reads;
    private final Consumer<Command> post;
    private final Map<Connection, Map<String, Subscription>> byConnection = new HashMap<>();
    private final Map<String, Set<Subscription>> byResource = new HashMap<>();
    // read by the metrics thread, written here
    final AtomicInteger subscriptions = new AtomicInteger();
    final AtomicLong eventsQueued = new AtomicLong();
    final AtomicLong fallbacks = new AtomicLong();

    Dispatcher(Records records, Supplier<AppModel> model, ReadAccess access, ObjectMapper json, RealtimeHub.Settings settings,
               Executor reads, Consumer<Command> post) {
        this.records = records;
        this.model = model;
        this.access = access;
        this.json = json;
        this.settings = settings;
        this.reads = reads;
        this.post = post;
    }

    void handle(Command command) {
        if (command instanceof Published published) {
            published(published.changes());
        } else if (command instanceof Received received) {
            received(received.connection(), received.text());
        } else if (command instanceof PageRead read) {
            pageRead(read);
        } else if (command instanceof Room room) {
            room(room.connection());
        } else if (command instanceof Closed closed) {
            closed(closed.connection());
        } else if (command instanceof ModelChanged changed) {
            modelChanged(changed);
        } else if (command instanceof Resync) {
            resync();
        }
    }

    // ---- committed changes

    private void published(List<Change> changes) {
        for (var change : changes) {
            var subscribed = byResource.get(change.resource());
            if (subscribed == null) {
                continue;
            }
            var out = new Outgoing(change);
            for (var sub : subscribed) {
                if (!sub.live) {
                    buffer(sub, out);
                } else if (change.position() <= sub.position) {
                    continue;   // already taken from the log
                } else if (change.position() != sub.position + 1 || !deliver(sub, out)) {
                    // a notice went missing, or the client is not keeping up: the log has everything
                    fallBack(sub);
                    buffer(sub, out);
                }
            }
        }
    }

    /** Takes the change that continues {@code sub}'s position; false (position unchanged) when the outbox is full. */
    private boolean deliver(Subscription sub, Outgoing out) {
        var change = out.change;
        if (selects(sub, change)) {
            if (!sub.connection.offerEvent(out.wire(json))) {
                return false;
            }
            eventsQueued.incrementAndGet();
        }
        sub.position = change.position();
        return true;
    }

    /** Filter, then read permission. A check that throws fails closed: the event is not sent, the position moves on. */
    private boolean selects(Subscription sub, Change change) {
        try {
            return FilterMatcher.matches(sub.resource, sub.filters, change.record())
                    && access.mayRead(sub.connection.caller(), sub.resource, change.record());
        } catch (RuntimeException e) {
            log.error("checking {} {} for a subscriber failed; not sent", change.resource(), change.id(), e);
            return false;
        }
    }

    private void buffer(Subscription sub, Outgoing out) {
        if (sub.bufferOverflowed || sub.position != Subscription.UNKNOWN && out.position() <= sub.position) {
            return;
        }
        if (sub.buffer.size() >= settings.bufferLimit()) {
            sub.buffer.clear();
            sub.bufferOverflowed = true;
            return;
        }
        sub.buffer.addLast(out);
    }

    private void fallBack(Subscription sub) {
        sub.live = false;
        sub.buffer.clear();
        sub.bufferOverflowed = false;
        fallbacks.incrementAndGet();
        requestPage(sub);
    }

    private void resync() {
        for (var subscribed : byResource.values()) {
            for (var sub : subscribed) {
                if (sub.live) {
                    fallBack(sub);
                } else {
                    sub.bufferOverflowed = true;
                    sub.buffer.clear();
                }
            }
        }
    }

    // ---- catch-up from the change log

    /** Reads the next page after {@code sub.position} once the outbox has room for it. */
    private void requestPage(Subscription sub) {
        if (sub.reading || !sub.active) {
            return;
        }
        if (!sub.connection.awaitRoom()) {
            sub.waitingForRoom = true;
            return;
        }
        read(sub, false);
    }

    private void room(Connection connection) {
        var subs = byConnection.get(connection);
        if (subs == null) {
            return;
        }
        for (var sub : List.copyOf(subs.values())) {
            if (sub.waitingForRoom) {
                sub.waitingForRoom = false;
                requestPage(sub);
            }
        }
    }

    /** Runs the read on a reader thread (DuckDB reads block); the result comes back as a command. */
    private void read(Subscription sub, boolean first) {
        sub.reading = true;
        var resource = sub.resource;
        var from = sub.position;
        var limit = settings.pageSize();
        reads.execute(() -> {
            try {
                var last = first ? records.lastPosition(resource) : -1;
                var page = from == Subscription.UNKNOWN ? List.<Change>of() : records.changesSince(resource, from, limit);
                post.accept(new PageRead(sub, last, page, null));
            } catch (RuntimeException e) {
                post.accept(new PageRead(sub, -1, List.of(), e));
            }
        });
    }

    private void pageRead(PageRead read) {
        var sub = read.subscription();
        if (!sub.active) {
            return;   // unsubscribed, replaced or closed while the read ran
        }
        sub.reading = false;
        if (read.failure() != null) {
            log.warn("reading the change log of {} failed", sub.resourceName, read.failure());
            end(sub, "the change log of " + sub.resourceName + " could not be read; subscribe again");
            return;
        }
        if (!sub.acked) {
            if (sub.position == Subscription.UNKNOWN) {
                sub.position = read.last();
            } else if (sub.position > read.last()) {
                end(sub, "since " + sub.position + " is after the last position of " + sub.resourceName + " (" + read.last()
                        + "); resume from a position you received, or subscribe without since");
                return;
            }
            sub.acked = true;
            reply(sub.connection, new ServerMessage.Subscribed(sub.resourceName, read.last()));
        }
        var changes = read.changes();
        if (!changes.isEmpty() && changes.get(0).position() > sub.position + 1) {
            end(sub, "the change log of " + sub.resourceName + " no longer holds position " + (sub.position + 1)
                    + "; subscribe again without since");
            return;
        }
        for (var change : changes) {
            if (change.position() > sub.position && !deliver(sub, new Outgoing(change))) {
                requestPage(sub);   // the outbox filled: continue from here when it drains
                return;
            }
        }
        if (changes.size() >= settings.pageSize()) {
            requestPage(sub);
            return;
        }
        drainBuffer(sub);
    }

    /** The log is read to its end: what committed since is in the buffer, unless there is a gap. */
    private void drainBuffer(Subscription sub) {
        if (sub.bufferOverflowed) {
            sub.bufferOverflowed = false;
            sub.buffer.clear();
            requestPage(sub);
            return;
        }
        while (!sub.buffer.isEmpty()) {
            var out = sub.buffer.peekFirst();
            if (out.position() <= sub.position) {
                sub.buffer.removeFirst();
                continue;
            }
            if (out.position() != sub.position + 1 || !deliver(sub, out)) {
                sub.buffer.clear();
                requestPage(sub);
                return;
            }
            sub.buffer.removeFirst();
        }
        sub.live = true;
    }

    // ---- client messages

    private void received(Connection connection, String text) {
        connection.inboundHandled();
        if (connection.isClosed()) {
            return;
        }
        if (text == null) {
            reply(connection, new ServerMessage.Error(null, "send JSON text frames, not binary"));
            return;
        }
        ClientMessage message;
        try {
            message = ClientMessage.parse(json, text);
        } catch (ClientMessage.Bad e) {
            reply(connection, new ServerMessage.Error(e.resource().orElse(null), e.getMessage()));
            return;
        }
        if (message instanceof ClientMessage.Subscribe subscribe) {
            subscribe(connection, subscribe);
        } else if (message instanceof ClientMessage.Unsubscribe unsubscribe) {
            unsubscribe(connection, unsubscribe.resource());
        }
    }

    /** A failed subscribe changes nothing; a good one replaces the connection's subscription to that resource. */
    private void subscribe(Connection connection, ClientMessage.Subscribe message) {
        var current = model.get();
        var resource = current.resource(message.resource());
        if (resource.isEmpty()) {
            reply(connection, new ServerMessage.Error(message.resource(), "unknown resource `" + message.resource()
                    + "`; you can subscribe to " + names(current)));
            return;
        }
        List<ListQuery.Filter> filters;
        try {
            filters = parse(resource.get(), message.filter());
        } catch (BadRequest e) {
            reply(connection, new ServerMessage.Error(message.resource(), e.getMessage()));
            return;
        }
        var subs = byConnection.computeIfAbsent(connection, c -> new LinkedHashMap<>());
        var previous = subs.get(message.resource());
        if (previous != null) {
            remove(previous);
        }
        var sub = new Subscription(connection, resource.get(), message.filter(), filters, message.since().orElse(Subscription.UNKNOWN));
        subs.put(sub.resourceName, sub);
        byResource.computeIfAbsent(sub.resourceName, r -> new LinkedHashSet<>()).add(sub);
        subscriptions.incrementAndGet();
        read(sub, true);
    }

    private void unsubscribe(Connection connection, String resource) {
        var subs = byConnection.get(connection);
        var sub = subs == null ? null : subs.get(resource);
        if (sub == null) {
            reply(connection, new ServerMessage.Error(resource, "not subscribed to " + resource));
            return;
        }
        remove(sub);
        reply(connection, new ServerMessage.Unsubscribed(resource));
    }

    private void closed(Connection connection) {
        var subs = byConnection.get(connection);
        if (subs != null) {
            List.copyOf(subs.values()).forEach(this::remove);
        }
        byConnection.remove(connection);
    }

    // ---- YAML reloads

    private void modelChanged(ModelChanged changed) {
        for (var name : changed.changed()) {
            var resource = changed.model().resource(name);
            for (var sub : subscribers(name)) {
                reply(sub.connection, new ServerMessage.SchemaChanged(name));
                if (resource.isEmpty()) {
                    continue;
                }
                try {
                    sub.filters = parse(resource.get(), sub.rawFilter);
                    sub.resource = resource.get();
                } catch (BadRequest e) {
                    end(sub, "the filter no longer fits " + name + ": " + e.getMessage() + "; the subscription ended");
                }
            }
        }
        for (var name : changed.removed()) {
            for (var sub : subscribers(name)) {
                reply(sub.connection, new ServerMessage.SchemaChanged(name));
                end(sub, name + " is no longer served; the subscription ended");
            }
        }
    }

    // ---- helpers

    private List<Subscription> subscribers(String resource) {
        var subscribed = byResource.get(resource);
        return subscribed == null ? List.of() : List.copyOf(subscribed);
    }

    private List<ListQuery.Filter> parse(Resource resource, Map<String, String> filter) {
        var filters = new ArrayList<ListQuery.Filter>();
        filter.forEach((key, value) -> filters.add(records.filter(resource, key, value)));
        return filters;
    }

    private void end(Subscription sub, String message) {
        remove(sub);
        reply(sub.connection, new ServerMessage.Error(sub.resourceName, message));
    }

    private void remove(Subscription sub) {
        if (!sub.active) {
            return;
        }
        sub.active = false;
        sub.buffer.clear();
        var subs = byConnection.get(sub.connection);
        if (subs != null && subs.get(sub.resourceName) == sub) {
            subs.remove(sub.resourceName);
        }
        var subscribed = byResource.get(sub.resourceName);
        if (subscribed != null) {
            subscribed.remove(sub);
            if (subscribed.isEmpty()) {
                byResource.remove(sub.resourceName);
            }
        }
        subscriptions.decrementAndGet();
    }

    private void reply(Connection connection, ServerMessage message) {
        connection.reply(write(json, message));
    }

    private static String names(AppModel model) {
        var names = model.resources().stream().map(Resource::name).toList();
        return names.isEmpty() ? "none (no resource is served)" : String.join(", ", names);
    }

    static String write(ObjectMapper json, ServerMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
