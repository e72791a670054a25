package io.dbbasic.ai.sandbox;

/** Thrown into hook code when its call runs out of budget. An Error, so that {@code catch (Exception e)} does not stop it. */
public final class BudgetExceeded extends Error {
    public BudgetExceeded(String message) {
        super(message, null, false, false);
    }
}
