package io.dbbasic.monitor.health;

import io.dbbasic.common.service.Environment;
import io.dbbasic.common.service.ServiceId;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** A service the monitor watches: where to probe it (loopback) and the URL people open. */
public record Target(String name, String title, int port, URI base, String url) {
    /** The four services of this stack, in top-bar order, at the ports the environment gives them. */
    public static List<Target> of(Environment env) {
        var targets = new ArrayList<Target>();
        for (var id : ServiceId.TOP_BAR) {
            var port = env.port(id);
            targets.add(new Target(id.serviceName(), id.title(), port,
                    URI.create("http://127.0.0.1:" + port), "http://localhost:" + port + "/"));
        }
        return targets;
    }

    URI resolve(String path) {
        return base.resolve(path);
    }
}
