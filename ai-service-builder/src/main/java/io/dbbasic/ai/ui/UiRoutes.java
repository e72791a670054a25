package io.dbbasic.ai.ui;

import static io.javalin.apibuilder.ApiBuilder.get;

import io.dbbasic.ai.generate.Generation;
import io.dbbasic.ai.models.CatalogSource;
import io.dbbasic.ai.services.NotificationLog;
import io.dbbasic.ai.services.ServiceRegistry;
import io.javalin.apibuilder.EndpointGroup;
import java.util.Map;

/** The builder's pages. */
public final class UiRoutes implements EndpointGroup {
    private final ServiceRegistry registry;
    private final Generation generation;
    private final CatalogSource catalogs;
    private final NotificationLog notifications;

    public UiRoutes(ServiceRegistry registry, Generation generation, CatalogSource catalogs, NotificationLog notifications) {
        this.registry = registry;
        this.generation = generation;
        this.catalogs = catalogs;
        this.notifications = notifications;
    }

    @Override
    public void addEndpoints() {
        get("/", ctx -> ctx.render("service-home.html", Map.of("heading", "AI service builder", "summary",
                registry.all().size() + " services; generator " + generation.generatorId() + "; models from "
                        + catalogs.current().source() + "; " + notifications.recent().size() + " notifications")));
    }
}
