package io.dbbasic.common.tasks;

/** Runs one task. Returning means done; throwing means this attempt failed (the message is kept as last_error). */
@FunctionalInterface
public interface TaskHandler {
    void handle(Task task) throws Exception;
}
