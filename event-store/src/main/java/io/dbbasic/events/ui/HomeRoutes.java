package io.dbbasic.events.ui;

import io.dbbasic.common.errors.NotFound;
import io.dbbasic.events.api.Params;
import io.dbbasic.events.log.EventLog;
import io.dbbasic.events.model.StreamName;
import io.dbbasic.events.model.StreamRead;
import io.dbbasic.events.model.StreamSlice;
import io.dbbasic.events.stats.EventStats;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;

import java.util.OptionalLong;

/**
 * The page at {@code /}: totals, categories, recent streams, one stream's latest events
 * ({@code ?stream=}), a chart of events per minute and a live tail over {@code WS /subscribe}.
 */
public final class HomeRoutes {
    static final int STREAMS = 30;
    static final int STREAM_EVENTS = 50;

    private final EventLog log;
    private final EventStats stats;

    public HomeRoutes(EventLog log, EventStats stats) {
        this.log = log;
        this.stats = stats;
    }

    public void addTo(RoutesConfig routes) {
        routes.get("/", this::home);
        routes.get("/favicon.ico", ctx -> ctx.status(204));   // no icon, and no 404 in the browser console
    }

    private void home(Context ctx) {
        var params = new Params(ctx.queryParamMap());
        var category = params.text("category").map(c -> StreamName.of(c).category());
        var selected = params.text("stream").map(StreamName::of);
        var model = new HashMap<String, Object>();
        model.put("stats", stats.current());
        model.put("category", category.orElse(null));
        model.put("streams", log.recentStreams(category, STREAMS));
        model.put("stream", selected.map(this::latest).orElse(null));
        model.put("selected", selected.map(StreamName::value).orElse(null));
        ctx.render("events/home.html", model);
    }

    /** The stream's latest events, newest first; an empty slice for a stream without events. */
    private StreamSlice latest(StreamName stream) {
        try {
            return log.readStream(stream, new StreamRead(OptionalLong.empty(), STREAM_EVENTS, true));
        } catch (NotFound e) {
            return new StreamSlice(stream.value(), List.of());
        }
    }

}
