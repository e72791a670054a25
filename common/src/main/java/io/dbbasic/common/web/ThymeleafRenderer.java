package io.dbbasic.common.web;

import io.javalin.http.Context;
import io.javalin.rendering.FileRenderer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * Renders classpath templates under {@code templates/}. The context is a servlet {@link WebContext},
 * so {@code @{...}} links resolve; text is HTML-escaped unless a template opts out with {@code th:utext}.
 */
final class ThymeleafRenderer implements FileRenderer {
    private final TemplateEngine engine = new TemplateEngine();
    private final Function<Context, Map<String, Object>> shared;

    ThymeleafRenderer(Function<Context, Map<String, Object>> shared) {
        this.shared = shared;
        var resolver = new ClassLoaderTemplateResolver(ThymeleafRenderer.class.getClassLoader());
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
    }

    @Override
    public String render(String filePath, Map<String, ?> model, Context ctx) {
        var variables = new HashMap<String, Object>(shared.apply(ctx));
        variables.putAll(model);
        var application = JakartaServletWebApplication.buildApplication(ctx.req().getServletContext());
        var exchange = application.buildExchange(ctx.req(), ctx.res());
        var name = filePath.endsWith(".html") ? filePath.substring(0, filePath.length() - 5) : filePath;
        return engine.process(name, new WebContext(exchange, ctx.req().getLocale(), variables));
    }
}
