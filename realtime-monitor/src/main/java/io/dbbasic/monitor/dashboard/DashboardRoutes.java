package io.dbbasic.monitor.dashboard;

import io.dbbasic.common.web.Webjars;
import io.dbbasic.monitor.health.ServicePoller;
import io.dbbasic.monitor.metrics.RequestWindows;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code GET /}: the dashboard. The page is rendered with the current state (so it shows real figures
 * before any script runs, and Thymeleaf escapes every value); {@code /assets/dashboard.js} then keeps it
 * live over {@code /ws}.
 */
public final class DashboardRoutes {
    static final String UPLOT = "/webjars/uplot/" + Webjars.version("org.webjars.npm", "uplot") + "/dist";

    private final ServicePoller poller;

    public DashboardRoutes(ServicePoller poller) {
        this.poller = poller;
    }

    public void addTo(RoutesConfig routes) {
        routes.get("/", this::dashboard);
        routes.get("/favicon.ico", ctx -> ctx.status(204));   // no icon, and no 404 in the browser console
    }

    private void dashboard(Context ctx) {
        ctx.render("monitor/dashboard.html", Map.of(
                "services", poller.statuses(),
                "yamlErrors", poller.yamlErrors(),
                "windowSeconds", RequestWindows.WINDOW_SECONDS,
                "uplot", UPLOT));
    }
}
