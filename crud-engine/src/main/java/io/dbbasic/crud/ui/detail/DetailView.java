package io.dbbasic.crud.ui.detail;

import io.dbbasic.crud.ui.Cell;
import java.util.List;

/** The detail page ({@code ui/detail/detail.html}) and the delete confirmation; built by {@link DetailPages}. */
public record DetailView(String resource, String resourceTitle, String heading, long id, List<Value> values,
                         String editUrl, String deleteUrl, String listUrl, HistoryView history) {

    public record Value(String name, String label, Cell cell) {}

    /** {@code unavailable}: why the history cannot be shown right now; null when it can. */
    public record HistoryView(String unavailable, List<Entry> entries) {}

    public record Entry(long version, String type, String at, String who, List<Change> changes) {}

    public record Change(String field, String before, String after) {}
}
