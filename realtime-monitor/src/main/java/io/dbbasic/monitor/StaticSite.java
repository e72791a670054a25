package io.dbbasic.monitor;

import io.dbbasic.common.activity.ActivityTransport;
import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.Service;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;

/** The public static site on port 8000 ({@code static/}, with the {@code mockups.html} gallery). */
final class StaticSite {
    private StaticSite() {}

    static Javalin create(Environment env) {
        return Service.create("static", env, ActivityTransport.none(), wiring -> {
            wiring.config().staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = env.staticDir().toString();
                files.location = Location.EXTERNAL;
            });
            wiring.routes().get("/", ctx -> ctx.redirect("/mockups.html"));
        });
    }
}
