import io.javalin.Javalin;

/**
 * The baseline server of bench/crud: Javalin (the crud-engine's own jar and version) answering
 * {@code GET /hello} with a constant, no middleware. Started by CrudBench as its own process, with the
 * same JVM options as the crud-engine. Args: PORT.
 */
public final class HelloApp {
    private HelloApp() {}

    public static void main(String[] args) {
        var port = Integer.parseInt(args[0]);
        Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/hello", ctx -> ctx.result("hello"));
        }).start("127.0.0.1", port);
    }
}
