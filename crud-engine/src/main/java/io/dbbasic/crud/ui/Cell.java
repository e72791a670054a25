package io.dbbasic.crud.ui;

/**
 * One value as a page shows it. {@code kind} picks the markup: {@code text}, {@code muted} (no value),
 * {@code badge} (with {@code css} its colour classes), {@code link} ({@code href}), {@code bool}, {@code code}
 * (JSON) or {@code file} (a download {@code href}). Every member is text that templates escape.
 */
public record Cell(String kind, String text, String css, String href, String title) {
    public static Cell text(String text) {
        return new Cell("text", text, "", null, null);
    }

    public static Cell muted() {
        return new Cell("muted", "—", "text-body-secondary", null, null);
    }
}
