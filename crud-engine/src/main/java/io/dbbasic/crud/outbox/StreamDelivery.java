package io.dbbasic.crud.outbox;

import io.dbbasic.common.events.AppendOutcome;
import io.dbbasic.common.events.EventStoreClient;
import io.dbbasic.common.events.ExpectedVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends one stream's outbox rows, in order, with the expected version: the stream must hold exactly the
 * events this outbox delivered before them. Rows go in requests of up to {@code eventsPerAppend} events
 * and about {@code bytesPerAppend} of JSON (the store refuses requests over 10 MB). A request refused for good is split into single events so that only the row at fault is dead-lettered;
 * the next rows then expect the version without it. Once a request cannot get through, the rest of the
 * stream waits for the next pass, so a stream's events never arrive out of order.
 *
 * <p>A retry after a lost answer sends the same ids with the same expected version: the store answers
 * with the first append's result (a replay wins over the version check), and writes nothing twice.
 */
final class StreamDelivery {
    private final EventStoreClient store;
    private final int eventsPerAppend;
    private final long bytesPerAppend;

    StreamDelivery(EventStoreClient store, int eventsPerAppend, long bytesPerAppend) {
        this.store = store;
        this.eventsPerAppend = eventsPerAppend;
        this.bytesPerAppend = bytesPerAppend;
    }

    /**
     * @param rows      one stream's rows, in position order
     * @param delivered how many events of this stream the outbox delivered before {@code rows}
     * @return one delivery per row, in the same order
     */
    List<Delivery> deliver(List<OutboxRow> rows, long delivered) {
        var stream = rows.get(0).stream();
        var outcomes = new ArrayList<Delivery>(rows.size());
        var length = delivered;
        var size = eventsPerAppend;
        var next = 0;
        while (next < rows.size()) {
            var chunk = rows.subList(next, end(rows, next, size));
            var expected = length == 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exactly(length - 1);
            var outcome = store.append(stream, expected, chunk.stream().map(OutboxRow::event).toList());
            if (outcome.delivered()) {
                chunk.forEach(row -> outcomes.add(Delivery.DELIVERED));
                length += chunk.size();
                next += chunk.size();
            } else if (outcome instanceof AppendOutcome.Unreachable unreachable) {
                var waiting = new Delivery.Waiting(unreachable.reason(), unreachable.retryAfter(), !unreachable.answered());
                rows.subList(next, rows.size()).forEach(row -> outcomes.add(waiting));
                return outcomes;
            } else if (chunk.size() > 1) {
                size = 1;   // which event is at fault? send them one by one
            } else {
                outcomes.add(new Delivery.DeadLettered(reason(outcome)));
                next++;
            }
        }
        return outcomes;
    }

    /** Where the request starting at {@code from} ends: at most {@code size} events and {@code bytesPerAppend}, at least one. */
    private int end(List<OutboxRow> rows, int from, int size) {
        var end = from + 1;
        var bytes = rows.get(from).size();
        while (end < rows.size() && end - from < size && bytes + rows.get(end).size() <= bytesPerAppend) {
            bytes += rows.get(end).size();
            end++;
        }
        return end;
    }

    private static String reason(AppendOutcome outcome) {
        if (outcome instanceof AppendOutcome.VersionConflict conflict) {
            return "version conflict: the outbox expected the stream at " + conflict.expected() + ", but it is at "
                    + conflict.actual() + " (the store holds events of this stream that this outbox did not write)";
        }
        if (outcome instanceof AppendOutcome.Rejected rejected) {
            return "refused with " + rejected.status() + (rejected.detail().isEmpty() ? "" : ": " + rejected.detail());
        }
        return outcome.toString();
    }
}
