package io.dbbasic.common.model;

import java.util.Map;

/**
 * The {@code ui:} hints of a field, plus its {@code label} and {@code description}: presentation only,
 * never validation. {@code null} members are unset.
 * {@code colors} maps a select value to a Bootstrap colour name.
 */
public record UiHints(String label, String description, String component, String variant,
                      Map<String, String> colors, String placeholder, String helpText, boolean readonly,
                      Integer rows, String prefix, String suffix, Number step, boolean defaultCurrentUser) {
    public static final UiHints NONE = new UiHints(null, null, null, null, Map.of(), null, null, false, null, null, null, null, false);

    public UiHints {
        colors = Map.copyOf(colors);
    }
}
