package io.dbbasic.crud.ui.form;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.ui.Cells;
import io.dbbasic.crud.ui.Labels;
import io.dbbasic.crud.ui.UiRecords;
import io.dbbasic.crud.ui.list.ListPages;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Chooses and fills the widget for each field, from its type and {@code ui} hints (see {@link Widget}). */
final class Widgets {
    /** How many choices a picker offers before the user searches. */
    static final int CHOICES = 200;

    private final Labels labels;
    private final UiRecords records;

    Widgets(Labels labels, UiRecords records) {
        this.labels = labels;
        this.records = records;
    }

    /**
     * The widget of an editable field. {@code texts} is what the input holds (the record's value, the default, or
     * what was sent); {@code stored} the record as saved (for its current file), null on a create page.
     */
    Widget editable(Resource resource, Field field, List<String> texts, Map<String, Object> stored, String error, Caller caller) {
        var b = new Builder(resource, field, error);
        var value = texts.isEmpty() ? null : texts.get(0);
        var type = field.type();
        var component = field.ui().component() == null ? "" : field.ui().component();
        if (type instanceof FieldType.Text text) {
            return text(b, text, component, value);
        }
        if (type instanceof FieldType.Select select) {
            var options = new ArrayList<FormView.Option>();
            if (!field.required() || value == null) {
                options.add(new FormView.Option("", "—", value == null));
            }
            select.options().forEach(o -> options.add(new FormView.Option(o, o, o.equals(value))));
            return b.kind("select").value(value).options(options).build();
        }
        if (type instanceof FieldType.Integer && component.equals("star_rating")) {
            return stars(b, field, value);
        }
        if (type instanceof FieldType.Integer || type instanceof FieldType.Decimal) {
            return number(b, field, value);
        }
        if (type instanceof FieldType.Bool) {
            return b.kind("switch").value("true".equals(value) ? "true" : null).required(false).build();
        }
        if (type instanceof FieldType.Date) {
            return b.kind("input").inputType("date").value(value).build();
        }
        if (type instanceof FieldType.Timestamp) {
            return b.kind("input").inputType("datetime-local").step("1").value(value).suffix("UTC").build();
        }
        if (type instanceof FieldType.Json) {
            return b.kind("json").value(value).rows(field.ui().rows() != null ? field.ui().rows() : 6).build();
        }
        if (type instanceof FieldType.ForeignKey fk) {
            return b.kind("reference").value(value).options(choices(fk.references(), texts, !field.required() || value == null, caller))
                    .source(source(fk.references())).build();
        }
        if (type instanceof FieldType.ManyToMany m2m) {
            return b.kind("tags").options(choices(m2m.references(), texts, false, caller)).source(source(m2m.references())).required(false).build();
        }
        var file = (FieldType.File) type;
        var current = stored == null ? null : stored.get(field.name()) instanceof Map<?, ?> saved ? saved : null;
        return b.kind("file").accept(String.join(",", file.accept())).maxSize(file.maxSizeBytes())
                .required(field.required() && current == null)
                .file(current == null ? null : new FormView.CurrentFile(String.valueOf(current.get("name")), String.valueOf(current.get("url")),
                        String.valueOf(current.get("content_type")).startsWith("image/") && !"image/svg+xml".equals(current.get("content_type"))))
                .build();
    }

    /** A field the server sets or the YAML marks read-only: its value, shown and not sent. */
    Widget readonly(Resource resource, Field field, Map<String, Object> stored, Caller caller) {
        var value = stored == null ? null : stored.get(field.name());
        var target = Labels.target(field);
        var linked = target == null ? Map.<Long, String>of() : labels.of(target, Cells.linkedIds(value), caller);
        return new Builder(resource, field, null).kind("readonly").required(false)
                .display(Cells.of(resource, field, value, linked, false)).build();
    }

    private static Widget text(Builder b, FieldType.Text text, String component, String value) {
        b.value(value).maxLength(b.field.maxLength()).minLength(b.field.minLength()).pattern(b.field.pattern());
        if (component.equals("rich_editor") || component.equals("markdown")) {
            return b.kind("markdown").rows(rows(b.field, 10)).build();
        }
        if (component.equals("textarea") || text.kind() == FieldType.TextKind.TEXT && !component.equals("input")) {
            return b.kind("textarea").rows(rows(b.field, 4)).build();
        }
        if (component.equals("color_picker") && (value == null || value.matches("#[0-9a-fA-F]{6}"))) {
            return b.kind("input").inputType("color").pattern(null).build();
        }
        var inputType = switch (text.kind()) {
            case EMAIL -> "email";
            case URL -> "url";
            default -> "text";
        };
        return b.kind("input").inputType(inputType).build();
    }

    private static Widget number(Builder b, Field field, String value) {
        String step;
        if (field.ui().step() != null) {
            step = new BigDecimal(field.ui().step().toString()).stripTrailingZeros().toPlainString();
        } else if (field.type() instanceof FieldType.Decimal decimal) {
            step = BigDecimal.ONE.movePointLeft(decimal.scale()).toPlainString();
        } else {
            step = "1";
        }
        return b.kind("input").inputType("number").value(value).step(step)
                .min(field.min() == null ? null : field.min().toPlainString()).max(field.max() == null ? null : field.max().toPlainString())
                .prefix(field.ui().prefix()).suffix(field.ui().suffix()).build();
    }

    /** {@code star_rating}: a choice of 1 to {@code max} stars (5 without a max). */
    private static Widget stars(Builder b, Field field, String value) {
        var most = field.max() == null ? 5 : Math.max(1, Math.min(field.max().intValue(), 10));
        var options = new ArrayList<FormView.Option>();
        options.add(new FormView.Option("", "—", value == null));
        for (var n = 1; n <= most; n++) {
            options.add(new FormView.Option(Integer.toString(n), "★".repeat(n) + " " + n, Integer.toString(n).equals(value)));
        }
        return b.kind("select").value(value).options(options).build();
    }

    private static int rows(Field field, int fallback) {
        return field.ui().rows() != null ? field.ui().rows() : fallback;
    }

    /** The first records of {@code target} as choices, plus the chosen ones (which may lie beyond them). */
    private List<FormView.Option> choices(String target, List<String> chosen, boolean withNone, Caller caller) {
        var all = new LinkedHashMap<Long, String>(labels.choices(target, CHOICES, caller));
        var missing = chosen.stream().filter(s -> s.matches("\\d{1,18}")).map(Long::parseLong).filter(id -> !all.containsKey(id)).toList();
        labels.of(target, missing, caller).forEach(all::put);
        var options = new ArrayList<FormView.Option>();
        if (withNone) {
            options.add(new FormView.Option("", "—", chosen.isEmpty()));
        }
        all.forEach((id, label) -> options.add(new FormView.Option(id.toString(), label + " (#" + id + ")", chosen.contains(id.toString()))));
        return options;
    }

    private Widget.Source source(String target) {
        var resource = records.model().resource(target);
        if (resource.isEmpty()) {
            return null;
        }
        var r = resource.get();
        var labelField = Labels.labelField(r).map(Field::name).orElse(null);
        var searchParam = !UiRecords.searchFields(r).isEmpty() ? "q" : labelField == null ? null : labelField + "[contains]";
        return searchParam == null ? null : new Widget.Source(r.basePath(), r.primaryKey().name(), labelField, searchParam);
    }

    /** Fills a {@link Widget} one member at a time; the field's own label, help and requiredness come first. */
    private static final class Builder {
        private final Field field;
        private final String name;
        private final String label;
        private final String help;
        private final String placeholder;
        private final String error;
        private String kind;
        private boolean required;
        private String value;
        private List<FormView.Option> options = List.of();
        private String inputType;
        private Integer maxLength;
        private Integer minLength;
        private String pattern;
        private String min;
        private String max;
        private String step;
        private Integer rows;
        private String prefix;
        private String suffix;
        private String accept;
        private Long maxSize;
        private Widget.Source source;
        private FormView.CurrentFile file;
        private io.dbbasic.crud.ui.Cell display;

        Builder(Resource resource, Field field, String error) {
            this.field = field;
            this.name = field.name();
            this.label = ListPages.label(field);
            var ui = field.ui();
            this.help = ui.helpText() != null ? ui.helpText() : ui.description();
            this.placeholder = ui.placeholder();
            this.required = field.required();
            this.error = error;
        }

        Builder kind(String kind) { this.kind = kind; return this; }
        Builder required(boolean required) { this.required = required; return this; }
        Builder value(String value) { this.value = value; return this; }
        Builder options(List<FormView.Option> options) { this.options = options; return this; }
        Builder inputType(String inputType) { this.inputType = inputType; return this; }
        Builder maxLength(Integer maxLength) { this.maxLength = maxLength; return this; }
        Builder minLength(Integer minLength) { this.minLength = minLength; return this; }
        Builder pattern(String pattern) { this.pattern = pattern; return this; }
        Builder min(String min) { this.min = min; return this; }
        Builder max(String max) { this.max = max; return this; }
        Builder step(String step) { this.step = step; return this; }
        Builder rows(Integer rows) { this.rows = rows; return this; }
        Builder prefix(String prefix) { this.prefix = prefix; return this; }
        Builder suffix(String suffix) { this.suffix = suffix; return this; }
        Builder accept(String accept) { this.accept = accept; return this; }
        Builder maxSize(Long maxSize) { this.maxSize = maxSize; return this; }
        Builder source(Widget.Source source) { this.source = source; return this; }
        Builder file(FormView.CurrentFile file) { this.file = file; return this; }
        Builder display(io.dbbasic.crud.ui.Cell display) { this.display = display; return this; }

        Widget build() {
            return new Widget(kind, name, "field-" + name, label, help, placeholder, required, value, options, error,
                    inputType, maxLength, minLength, pattern, min, max, step, rows, prefix, suffix, accept, maxSize, source, file, display);
        }
    }
}
