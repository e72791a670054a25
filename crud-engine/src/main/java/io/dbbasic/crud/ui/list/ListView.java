package io.dbbasic.crud.ui.list;

import io.dbbasic.crud.ui.Cell;
import java.util.List;

/** Everything the list page ({@code ui/list/list.html}) draws; built by {@link ListPages}. */
public record ListView(String resource, String title, String description, String listUrl, String resultsUrl,
                       String newUrl, String boardUrl, List<Column> columns, List<Row> rows, Search search,
                       List<Filter> filters, Pager pager, Actions actions) {

    public record Column(String name, String label, String sortUrl, String sorted) {
        /** {@code aria-sort}: ascending, descending or none. */
        public String ariaSort() {
            return sorted;
        }
    }

    /** {@code version} changes whenever any value of the record does, so live updates can mark changed rows. */
    public record Row(long id, String url, String editUrl, String version, boolean deletable, List<Cell> cells) {}

    public record Search(boolean available, String q, String fields) {}

    /** A filter dropdown ({@code options} non-empty) or a text box. */
    public record Filter(String name, String label, String value, List<Option> options) {}

    public record Option(String value, String label, boolean selected) {}

    public record Pager(long total, int page, int pages, long from, long to, String previousUrl, String nextUrl, List<PageLink> links) {}

    public record PageLink(int number, String url, boolean current) {}

    /** What the caller may do here; export URLs are null when the API does not export this resource. */
    public record Actions(boolean create, boolean bulkDelete, String bulkUrl, String exportCsvUrl, String exportJsonUrl, String apiUrl) {}
}
