package io.dbbasic.common.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Paths of the front-end assets served locally from WebJars (no CDN). */
public final class Webjars {
    public static final String BOOTSTRAP = "/webjars/bootstrap/" + version("org.webjars", "bootstrap");

    private Webjars() {}

    public static String version(String group, String artifact) {
        var resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (var in = Webjars.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the WebJar " + group + ":" + artifact + " is not on the classpath");
            }
            var properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
