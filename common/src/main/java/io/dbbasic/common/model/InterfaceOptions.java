package io.dbbasic.common.model;

import java.util.List;

/**
 * The {@code interface:} block: how the admin UI lists records and lays out forms. Empty lists mean
 * "decide from the fields".
 */
public record InterfaceOptions(List<String> listDisplay, List<String> searchFields, List<String> listFilters,
                               List<String> ordering, int perPage, List<FormSection> formLayout) {
    public static final int DEFAULT_PER_PAGE = 25;
    public static final InterfaceOptions DEFAULT = new InterfaceOptions(List.of(), List.of(), List.of(), List.of(), DEFAULT_PER_PAGE, List.of());

    public InterfaceOptions {
        listDisplay = List.copyOf(listDisplay);
        searchFields = List.copyOf(searchFields);
        listFilters = List.copyOf(listFilters);
        ordering = List.copyOf(ordering);
        formLayout = List.copyOf(formLayout);
        if (perPage < 1 || perPage > 1000) {
            throw new IllegalArgumentException("per_page must be between 1 and 1000");
        }
    }

    /** One section of {@code interface.form_layout}: a heading, its fields, laid out in 1 to 4 columns. */
    public record FormSection(String title, int columns, List<String> fields) {
        public static final int MAX_COLUMNS = 4;

        public FormSection {
            fields = List.copyOf(fields);
            if (columns < 1 || columns > MAX_COLUMNS) {
                throw new IllegalArgumentException("a form section has 1 to " + MAX_COLUMNS + " columns");
            }
        }
    }
}
