package io.dbbasic.crud.ui;

import java.util.Map;

/**
 * The messages a page shows after a redirect ({@code ?notice=created}). Only these fixed texts are ever shown,
 * so a crafted link cannot make a page say something else.
 */
public final class Notices {
    private static final Map<String, String> TEXTS = Map.of(
            "created", "The record was created.",
            "saved", "Your changes were saved.",
            "deleted", "The record was deleted.",
            "deployed", "The template was added to the app. Its resources appear below once loaded.");

    private Notices() {}

    /** The message for {@code code}, or null for none (an unknown code shows nothing). */
    public static String text(String code) {
        return code == null ? null : TEXTS.get(code);
    }
}
