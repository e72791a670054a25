package io.dbbasic.common.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The DBBasic version, stamped into {@code dbbasic-version.properties} by the build. */
public final class Version {
    private Version() {}

    public static String current() {
        try (var in = Version.class.getResourceAsStream("/dbbasic-version.properties")) {
            if (in == null) {
                return "dev";
            }
            var properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
