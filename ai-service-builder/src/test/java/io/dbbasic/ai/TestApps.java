package io.dbbasic.ai;

import io.dbbasic.common.service.Environment;
import io.dbbasic.testing.FreePorts;
import io.dbbasic.testing.Logins;
import io.dbbasic.testing.RunningApp;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Builders started for tests: temp folders, one small worker, no crud-engine (a port nothing listens on).
 * Requests go as {@code admin} (a login token signed with the data dir's key) unless they say otherwise.
 */
public final class TestApps {
    private TestApps() {}

    public static Environment env(Path dir, Map<String, String> extra) {
        var vars = new HashMap<String, String>();
        vars.put("DBBASIC_APP_DIR", dir.resolve("app").toString());
        vars.put("DBBASIC_DATA_DIR", dir.resolve("data").toString());
        vars.put("DBBASIC_SERVICES_DIR", dir.resolve("services").toString());
        vars.put("DBBASIC_CRUD_URL", "http://127.0.0.1:" + FreePorts.pick(1).get(0));   // nothing listens: refused at once
        vars.put("DBBASIC_HOOK_WORKERS", "1");
        vars.put("DBBASIC_HOOK_HEAP_MB", "64");
        vars.putAll(extra);
        return Environment.of(vars);
    }

    public static RunningApp start(Path dir) {
        return start(dir, Map.of());
    }

    public static RunningApp start(Path dir, Map<String, String> extra) {
        var env = env(dir, extra);
        return RunningApp.start(AiServiceBuilderApp.create(env)).withHeader("Authorization", Logins.admin(env.dataDir()));
    }
}
