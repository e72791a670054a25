package io.dbbasic.crud.tasks;

import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.tasks.TaskQueue;
import io.dbbasic.common.tasks.TaskStatus;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** The task queue over HTTP (CONTRACT §4): list by status, and retry a task (a dead one, typically). */
public final class TaskRoutes {
    private final TaskQueue tasks;
    private final Runnable wakeWorker;

    public TaskRoutes(TaskQueue tasks, Runnable wakeWorker) {
        this.tasks = tasks;
        this.wakeWorker = wakeWorker;
    }

    public void register(RoutesConfig routes) {
        routes.get("/api/system/tasks", this::list);
        routes.post("/api/system/tasks/{id}/retry", this::retry);
    }

    private void list(Context ctx) {
        var status = Optional.ofNullable(ctx.queryParam("status")).filter(s -> !s.isBlank()).map(TaskRoutes::status);
        var limit = parseInt(ctx.queryParam("limit"), 100);
        ctx.json(Map.of("tasks", tasks.list(status, limit), "counts", tasks.counts()));
    }

    private void retry(Context ctx) {
        var id = parseLong(ctx.pathParam("id"));
        tasks.find(id).orElseThrow(() -> new NotFound("no task " + id));
        var task = tasks.retry(id);
        wakeWorker.run();
        ctx.json(task);
    }

    private static TaskStatus status(String text) {
        return TaskStatus.parse(text).orElseThrow(() -> new BadRequest("status must be one of "
                + String.join(", ", Arrays.stream(TaskStatus.values()).map(TaskStatus::json).toList())));
    }

    private static int parseInt(String text, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest("limit must be a whole number");
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new NotFound("no task " + text);
        }
    }
}
