package io.dbbasic.common.web;

import io.dbbasic.common.auth.AuthGate;
import io.dbbasic.common.auth.LoginUrls;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.ServiceId;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.rendering.FileRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The page furniture every service shares: the top bar linking the four services, and the
 * Thymeleaf renderer that puts it into every page's model.
 */
public final class Pages {
    private final String currentService;
    private final Environment env;
    private final ThymeleafRenderer renderer;

    public Pages(String currentService, Environment env) {
        this.currentService = currentService;
        this.env = env;
        this.renderer = new ThymeleafRenderer(this::sharedModel);
    }

    public FileRenderer renderer() {
        return renderer;
    }

    /** One link of the top bar; {@code url} is absolute because each service lives on its own port. */
    public record Link(String name, String title, String url, boolean active) {}

    public List<Link> topBar(Context ctx) {
        var host = LoginUrls.hostName(ctx);
        var links = new ArrayList<Link>();
        for (var id : ServiceId.TOP_BAR) {
            var url = "http://" + host + ":" + env.port(id) + "/";
            links.add(new Link(id.serviceName(), id.title(), url, id.serviceName().equals(currentService)));
        }
        return links;
    }

    /** A page that says what the service is, for services whose own pages come later. */
    public Handler about(String heading, String summary) {
        return ctx -> ctx.render("service-home.html", Map.of("heading", heading, "summary", summary));
    }

    private Map<String, Object> sharedModel(Context ctx) {
        // csrf: the session's CSRF token for forms (`<input type="hidden" name="_csrf" th:value="${csrf}">`), empty when signed out
        return Map.of(
                "topbar", topBar(ctx),
                "service", currentService,
                "bootstrap", Webjars.BOOTSTRAP,
                "csrf", AuthGate.csrfToken(ctx),
                "caller", AuthGate.caller(ctx),
                "logoutUrl", logoutUrl(ctx));
    }

    /** The crud-engine ends sessions; from its own pages the path is enough (and right whatever port it runs on). */
    private String logoutUrl(Context ctx) {
        var crud = ServiceId.CRUD_ENGINE;
        return crud.serviceName().equals(currentService) ? "/logout" : "http://" + LoginUrls.hostName(ctx) + ":" + env.port(crud) + "/logout";
    }
}
