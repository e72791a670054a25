package io.dbbasic.crud.ui.form;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.InterfaceOptions;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.ui.Labels;
import io.dbbasic.crud.ui.UiPaths;
import io.dbbasic.crud.ui.UiRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Builds the create and edit pages: a widget per field, grouped by {@code interface.form_layout} (fields no
 * section names follow in a last section), filled from the record, the defaults, or what a refused save sent.
 */
public final class FormPages {
    private final Widgets widgets;
    private final FormValues values;

    public FormPages(UiRecords records, Labels labels, ObjectMapper json) {
        this.widgets = new Widgets(labels, records);
        this.values = new FormValues(json);
    }

    /** An empty create form: defaults filled in, and the caller in an owner field that asks for it. */
    public FormView create(Resource resource, Caller caller) {
        var texts = new LinkedHashMap<String, List<String>>();
        for (var field : resource.fields()) {
            if (field.ui().defaultCurrentUser() && caller.authenticated()) {
                texts.put(field.name(), List.of(caller.userId().toString()));
            } else if (field.hasDefault()) {
                texts.put(field.name(), values.of(field, field.defaultValue()));
            }
        }
        return createWith(resource, texts, Map.of(), null, caller);
    }

    /** The create form again after a refused save: what was sent, and why it was refused. */
    public FormView createWith(Resource resource, Map<String, List<String>> texts, Map<String, String> errors, String error, Caller caller) {
        var sections = sections(resource, texts, null, errors, caller);
        return new FormView(resource.name(), "New · " + resource.displayTitle(), "New " + singular(resource),
                UiPaths.create(resource.name()), UiPaths.list(resource), null, sections, error, otherErrors(resource, errors));
    }

    /** The edit form of {@code stored}, the record with that id as the caller reads it. */
    public FormView edit(Resource resource, long id, Map<String, Object> stored, Caller caller) {
        var texts = new LinkedHashMap<String, List<String>>();
        resource.fields().forEach(f -> texts.put(f.name(), values.of(f, stored.get(f.name()))));
        return editWith(resource, id, stored, texts, Map.of(), null, caller);
    }

    /** The edit form again after a refused save: what was sent, and why it was refused. */
    public FormView editWith(Resource resource, long id, Map<String, Object> stored, Map<String, List<String>> texts, Map<String, String> errors,
                             String error, Caller caller) {
        var sections = sections(resource, texts, stored, errors, caller);
        return new FormView(resource.name(), "Edit #" + id + " · " + resource.displayTitle(), "Edit " + Labels.of(resource, stored),
                UiPaths.edit(resource.name(), id), UiPaths.record(resource.name(), id), id, sections, error, otherErrors(resource, errors));
    }

    private List<FormView.Section> sections(Resource resource, Map<String, List<String>> texts, Map<String, Object> stored,
                                            Map<String, String> errors, Caller caller) {
        var shown = resource.fields().stream().filter(f -> stored != null || !f.serverManaged()).toList();
        var placed = new LinkedHashSet<String>();
        var sections = new ArrayList<FormView.Section>();
        for (var section : resource.interfaceOptions().formLayout()) {
            var fields = section.fields().stream().map(n -> resource.field(n).orElseThrow()).filter(shown::contains).toList();
            fields.forEach(f -> placed.add(f.name()));
            sections.add(section(resource, section, fields, texts, stored, errors, caller));
        }
        var rest = shown.stream().filter(f -> !placed.contains(f.name())).toList();
        if (!rest.isEmpty()) {
            var title = sections.isEmpty() ? "" : "Other fields";
            sections.add(section(resource, new InterfaceOptions.FormSection(title, 1, List.of()), rest, texts, stored, errors, caller));
        }
        return sections;
    }

    private FormView.Section section(Resource resource, InterfaceOptions.FormSection section, List<Field> fields,
                                     Map<String, List<String>> texts, Map<String, Object> stored, Map<String, String> errors, Caller caller) {
        var list = new ArrayList<Widget>();
        for (var field : fields) {
            if (field.serverManaged()) {
                list.add(widgets.readonly(resource, field, stored, caller));
            } else {
                list.add(widgets.editable(resource, field, texts.getOrDefault(field.name(), List.of()), stored, errors.get(field.name()), caller));
            }
        }
        return new FormView.Section(section.title(), section.columns(), list);
    }

    /** Errors of no field on the page (a hook's message under `_body`, say), shown above the form. */
    private static Map<String, String> otherErrors(Resource resource, Map<String, String> errors) {
        var other = new LinkedHashMap<String, String>();
        errors.forEach((name, message) -> {
            if (resource.field(name).filter(f -> !f.serverManaged()).isEmpty()) {
                other.put(name, message);
            }
        });
        return other;
    }

    private static String singular(Resource resource) {
        var title = resource.displayTitle();
        return title.endsWith("s") && !title.endsWith("ss") ? title.substring(0, title.length() - 1) : title;
    }
}
