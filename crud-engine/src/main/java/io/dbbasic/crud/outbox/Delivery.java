package io.dbbasic.crud.outbox;

import java.time.Duration;
import java.util.Optional;

/** What became of one outbox row in one pass of the relay. */
sealed interface Delivery {
    /** The event store has the event (appended now, or by an earlier attempt whose answer was lost). */
    record Delivered() implements Delivery {}

    /** The store refused it for good; the row goes to the dead letters with this reason. */
    record DeadLettered(String reason) implements Delivery {}

    /** Not delivered this time (the store is down, slow or busy); sent again later, unchanged. {@code storeDown}: no answer came at all. */
    record Waiting(String reason, Optional<Duration> retryAfter, boolean storeDown) implements Delivery {}

    Delivery DELIVERED = new Delivered();
}
