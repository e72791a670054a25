package io.dbbasic.common.model;

import java.util.List;

/** The {@code interface:} block: how the admin UI lists records. Empty lists mean "decide from the fields". */
public record InterfaceOptions(List<String> listDisplay, List<String> searchFields, List<String> listFilters,
                               List<String> ordering, int perPage) {
    public static final int DEFAULT_PER_PAGE = 25;
    public static final InterfaceOptions DEFAULT = new InterfaceOptions(List.of(), List.of(), List.of(), List.of(), DEFAULT_PER_PAGE);

    public InterfaceOptions {
        listDisplay = List.copyOf(listDisplay);
        searchFields = List.copyOf(searchFields);
        listFilters = List.copyOf(listFilters);
        ordering = List.copyOf(ordering);
        if (perPage < 1 || perPage > 1000) {
            throw new IllegalArgumentException("per_page must be between 1 and 1000");
        }
    }
}
