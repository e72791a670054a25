package io.dbbasic.ai.sandbox;

/**
 * The meter that bounds each hook call. The gate injects {@code Budget.tick()} at every backward jump
 * and method entry of hook code (the approach of Elasticsearch's Painless), so a loop or a recursion
 * spends one tick per turn. When the ticks or the call's wall time run out, the next tick throws
 * {@link BudgetExceeded}, and keeps throwing for the rest of the call, so catching it does not help
 * (the gate refuses catching Errors anyway).
 *
 * <p>The meter is a thread-local because injected bytecode can only reach a static method; the
 * executor sets it before a call and clears it after, on the one thread that runs the call, so calls
 * on other threads (or in other tests) never see each other's meter.
 */
public final class Budget {
    private static final ThreadLocal<Meter> CURRENT = new ThreadLocal<>();
    /** How many ticks pass between two looks at the clock: reading it on every tick would cost more than the tick. */
    private static final int CLOCK_EVERY = 1024;

    private Budget() {}

    /** Called by instrumented hook code only. */
    public static void tick() {
        var meter = CURRENT.get();
        if (meter == null) {
            throw new BudgetExceeded("hook code ran outside a metered call");
        }
        meter.tick();
    }

    /** Starts metering the current thread's call; close the meter when the call ends. */
    static Meter start(long ticks, long wallNanos) {
        var meter = new Meter(ticks, System.nanoTime() + wallNanos);
        CURRENT.set(meter);
        return meter;
    }

    /** One call's allowance. Touched only by the thread that runs the call. */
    static final class Meter implements AutoCloseable {
        private final long deadline;
        private long left;
        private long used;
        private String exceeded;

        private Meter(long ticks, long deadline) {
            this.left = ticks;
            this.deadline = deadline;
        }

        void tick() {
            if (exceeded != null) {
                throw new BudgetExceeded(exceeded);
            }
            used++;
            if (--left < 0) {
                exceeded = "stopped after " + used + " loop iterations and calls (the budget of a call)";
                throw new BudgetExceeded(exceeded);
            }
            if (used % CLOCK_EVERY == 0 && System.nanoTime() - deadline > 0) {
                exceeded = "stopped after running longer than its time limit";
                throw new BudgetExceeded(exceeded);
            }
        }

        /** Why the call was stopped, or null when it was not. */
        String exceeded() {
            return exceeded;
        }

        long used() {
            return used;
        }

        @Override
        public void close() {
            CURRENT.remove();
        }
    }
}
