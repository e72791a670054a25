package io.dbbasic.crud.ui.form;

import java.util.List;
import java.util.Map;

/**
 * Everything the create and edit page ({@code ui/form/form.html}) draws; built by {@link FormPages}.
 * {@code error} is the page-level message of a refused save, {@code otherErrors} the errors that belong
 * to no field shown.
 */
public record FormView(String resource, String title, String heading, String action, String cancelUrl, Long id,
                       List<Section> sections, String error, Map<String, String> otherErrors) {

    /** A {@code form_layout} section: its widgets in {@code columns} columns on wide screens. */
    public record Section(String title, int columns, List<Widget> widgets) {
        public String rowClass() {
            return "row g-3 row-cols-1" + (columns > 1 ? " row-cols-md-" + columns : "");
        }
    }

    public record Option(String value, String label, boolean selected) {}

    /** A file field's current file, shown beside its upload input. */
    public record CurrentFile(String name, String url, boolean image) {}
}
