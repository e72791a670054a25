package io.dbbasic.crud.ui.form;

import io.dbbasic.crud.ui.Cell;
import java.util.List;

/**
 * One field of a form, as the widget its type and {@code ui} hints ask for. {@code kind} picks the markup in
 * {@code ui/form/widgets.html}: {@code input} (with {@code inputType}), {@code textarea}, {@code markdown},
 * {@code select}, {@code reference} (a searchable picker fed by {@code source}), {@code tags}, {@code switch},
 * {@code file}, {@code json} or {@code readonly} (shown as {@code display}). Unused members are null.
 * {@code pattern} is the YAML's regular expression; the page applies it only where the browser understands it.
 */
public record Widget(String kind, String name, String id, String label, String help, String placeholder, boolean required,
                     String value, List<FormView.Option> options, String error,
                     String inputType, Integer maxLength, Integer minLength, String pattern, String min, String max, String step,
                     Integer rows, String prefix, String suffix, String accept, Long maxSize,
                     Source source, FormView.CurrentFile file, Cell display) {

    /** Where a picker searches for more choices: the referenced resource's API, its key and label fields. */
    public record Source(String url, String key, String labelField, String searchParam) {}

    /** The ids of the element that describe this one (help text, error), for {@code aria-describedby}. */
    public String describedBy() {
        var ids = new StringBuilder();
        if (help != null) {
            ids.append(id).append("-help");
        }
        if (error != null) {
            ids.append(ids.length() == 0 ? "" : " ").append(id).append("-error");
        }
        return ids.length() == 0 ? null : ids.toString();
    }

    public String inputClass() {
        return (kind.equals("select") || kind.equals("reference") || kind.equals("tags") ? "form-select" : "form-control")
                + (error != null ? " is-invalid" : "");
    }
}
