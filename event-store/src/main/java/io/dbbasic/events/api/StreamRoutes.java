package io.dbbasic.events.api;

import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.events.log.EventLog;
import io.dbbasic.events.model.ExpectedVersion;
import io.dbbasic.events.model.StreamName;
import io.dbbasic.events.model.StreamRead;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code POST|GET /streams/{stream}}, {@code GET /events} and {@code GET /api/streams}. */
public final class StreamRoutes {
    private final EventLog log;
    private final AppendBody body = new AppendBody();

    public StreamRoutes(EventLog log) {
        this.log = log;
    }

    public void addTo(RoutesConfig routes) {
        routes.post("/streams/{stream}", this::append);
        routes.get("/streams/{stream}", this::readStream);
        routes.get("/events", this::readAll);
        routes.get("/api/streams", this::listStreams);
    }

    private void append(Context ctx) {
        var stream = StreamName.of(ctx.pathParam("stream"));
        var expected = ExpectedVersion.parse(ctx.queryParam("expected_version"));
        var result = log.append(stream, expected, body.parse(ctx.bodyAsBytes()));
        if (result.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        ctx.header("Location", "/streams/" + URLEncoder.encode(stream.value(), StandardCharsets.UTF_8)
                + "?from_version=" + result.firstVersion());
        ctx.status(201).json(result);
    }

    private void readStream(Context ctx) {
        var params = new Params(ctx.queryParamMap());
        var direction = params.text("direction").orElse("forward");
        if (!direction.equals("forward") && !direction.equals("backward")) {
            throw new BadRequest("direction must be forward or backward, not '" + Params.shorten(direction) + "'");
        }
        var read = new StreamRead(params.number("from_version", 0), params.limit(), direction.equals("backward"));
        ctx.json(log.readStream(StreamName.of(ctx.pathParam("stream")), read));
    }

    private void readAll(Context ctx) {
        var params = new Params(ctx.queryParamMap());
        ctx.json(log.readAll(params.number("from_position", 0).orElse(1), params.limit(), params.filter()));
    }

    private void listStreams(Context ctx) {
        var params = new Params(ctx.queryParamMap());
        var category = params.text("category").map(c -> StreamName.of(c).category());
        ctx.json(Map.of("streams", log.recentStreams(category, params.number("limit", 1).isPresent() ? params.limit() : 50)));
    }
}
