package io.dbbasic.ai.services;

import java.util.Locale;

/** active: live, called on writes; draft: saved, waits for activation; invalid: fails the gate or its tests. */
public enum ServiceStatus {
    ACTIVE, DRAFT, INVALID;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    @com.fasterxml.jackson.annotation.JsonValue
    String jsonValue() {
        return json();
    }
}
