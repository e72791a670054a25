package io.dbbasic.crud.ui.list;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Operation;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.model.UiOptions;
import io.dbbasic.crud.ui.Cells;
import io.dbbasic.crud.ui.Labels;
import io.dbbasic.crud.ui.UiAuth;
import io.dbbasic.crud.ui.UiPaths;
import io.dbbasic.crud.ui.UiRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the list page of a resource from its YAML and the page's query: columns from
 * {@code interface.list_display}, search, filter dropdowns, sorting and pages of {@code per_page}.
 * The page's query is the API's list grammar plus {@code page}, so a filtered page and the API agree.
 */
public final class ListPages {
    /** Query parameters of the page that are not list parameters of the API. */
    static final Set<String> PAGE_CONTROLS = Set.of("page", "view", "fragment", "notice");
    private static final int DEFAULT_COLUMNS = 5;
    private static final int PAGE_LINKS = 2;

    private final UiRecords records;
    private final Labels labels;
    private final UiAuth auth;

    public ListPages(UiRecords records, Labels labels, UiAuth auth) {
        this.records = records;
        this.labels = labels;
        this.auth = auth;
    }

    public ListView build(Resource resource, Map<String, List<String>> query, Caller caller) {
        var perPage = resource.interfaceOptions().perPage();
        var pageNumber = Math.max(1, number(first(query, "page")));
        var filters = filterParams(query);
        var listParams = new LinkedHashMap<String, List<String>>(filters);
        listParams.put("limit", List.of(Integer.toString(perPage)));
        listParams.put("offset", List.of(Long.toString((long) (pageNumber - 1) * perPage)));
        var page = records.list(resource, listParams, caller);
        var columns = columns(resource);
        var linked = labels.linked(columns, page.records(), caller);
        var rows = new ArrayList<ListView.Row>();
        var key = resource.primaryKey().name();
        for (var record : page.records()) {
            var id = ((Number) record.get(key)).longValue();
            var cells = columns.stream().map(f -> Cells.of(resource, f, record.get(f.name()), linked.getOrDefault(f.name(), Map.of()), true)).toList();
            rows.add(new ListView.Row(id, UiPaths.record(resource.name(), id),
                    auth.may(Operation.UPDATE, resource, caller, record) ? UiPaths.edit(resource.name(), id) : null,
                    Integer.toHexString(record.hashCode()), auth.may(Operation.DELETE, resource, caller, record),
                    cells));
        }
        var listUrl = UiPaths.withQuery(UiPaths.list(resource), withoutControls(query));
        var resultsParams = new LinkedHashMap<>(withoutControls(query));
        if (pageNumber > 1) {
            resultsParams.put("page", List.of(Integer.toString(pageNumber)));
        }
        resultsParams.put("fragment", List.of("results"));
        var board = resource.ui().listVariant() == UiOptions.ListVariant.KANBAN ? UiPaths.list(resource) : null;
        return new ListView(resource.name(), resource.displayTitle(), resource.description(), listUrl,
                UiPaths.withQuery(UiPaths.list(resource), resultsParams),
                auth.may(Operation.CREATE, resource, caller, null) ? UiPaths.create(resource.name()) : null, board,
                columns.stream().map(f -> column(resource, f, query)).toList(), rows, search(resource, query),
                filters(resource, query, caller), pager(resource, query, page.total(), pageNumber, perPage, page.records().size()),
                actions(resource, filters, caller));
    }

    /** The fields shown as columns: {@code list_display}, else the first few that read well in a table. */
    public static List<Field> columns(Resource resource) {
        var shown = resource.interfaceOptions().listDisplay();
        if (!shown.isEmpty()) {
            return shown.stream().map(name -> resource.field(name).orElseThrow()).toList();
        }
        return resource.fields().stream()
                .filter(f -> !f.isPrimaryKey() && !(f.type() instanceof FieldType.Json) && !(f.type() instanceof FieldType.Text t && t.kind() == FieldType.TextKind.TEXT))
                .limit(DEFAULT_COLUMNS).toList();
    }

    public static String label(Field field) {
        if (field.ui().label() != null) {
            return field.ui().label();
        }
        var words = field.name().replace('_', ' ');
        if (words.endsWith(" id") && field.type() instanceof FieldType.ForeignKey) {
            words = words.substring(0, words.length() - 3);
        }
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private ListView.Column column(Resource resource, Field field, Map<String, List<String>> query) {
        if (!sortable(field)) {
            return new ListView.Column(field.name(), label(field), null, "none");
        }
        var current = first(query, "sort");
        if (current == null || current.isBlank()) {
            current = resource.interfaceOptions().ordering().isEmpty() ? "-" + resource.primaryKey().name() : resource.interfaceOptions().ordering().get(0);
        }
        var sorted = current.equals(field.name()) ? "ascending" : current.equals("-" + field.name()) ? "descending" : "none";
        var params = new LinkedHashMap<>(withoutControls(query));
        params.put("sort", List.of(sorted.equals("ascending") ? "-" + field.name() : field.name()));
        return new ListView.Column(field.name(), label(field), UiPaths.withQuery(UiPaths.list(resource), params), sorted);
    }

    private static boolean sortable(Field field) {
        return field.hasColumn() && !(field.type() instanceof FieldType.Json) && !(field.type() instanceof FieldType.File);
    }

    private static ListView.Search search(Resource resource, Map<String, List<String>> query) {
        var fields = UiRecords.searchFields(resource);
        return new ListView.Search(!fields.isEmpty(), first(query, "q") == null ? "" : first(query, "q"),
                String.join(", ", fields.stream().map(ListPages::label).toList()));
    }

    private List<ListView.Filter> filters(Resource resource, Map<String, List<String>> query, Caller caller) {
        var filters = new ArrayList<ListView.Filter>();
        for (var name : resource.interfaceOptions().listFilters()) {
            var field = resource.field(name).orElseThrow();
            var value = first(query, name) == null ? "" : first(query, name);
            var options = new ArrayList<ListView.Option>();
            var type = field.type();
            if (type instanceof FieldType.Select select) {
                select.options().forEach(o -> options.add(new ListView.Option(o, o, o.equals(value))));
            } else if (type instanceof FieldType.Bool) {
                options.add(new ListView.Option("true", "Yes", value.equals("true")));
                options.add(new ListView.Option("false", "No", value.equals("false")));
            } else if (Labels.target(field) != null) {
                labels.choices(Labels.target(field), 100, caller)
                        .forEach((id, text) -> options.add(new ListView.Option(id.toString(), text, id.toString().equals(value))));
            }
            filters.add(new ListView.Filter(name, label(field), value, options));
        }
        return filters;
    }

    private static ListView.Pager pager(Resource resource, Map<String, List<String>> query, long total, int page, int perPage, int shown) {
        var pages = (int) Math.max(1, (total + perPage - 1) / perPage);
        var links = new ArrayList<ListView.PageLink>();
        for (var n = Math.max(1, page - PAGE_LINKS); n <= Math.min(pages, page + PAGE_LINKS); n++) {
            links.add(new ListView.PageLink(n, pageUrl(resource, query, n), n == page));
        }
        var from = shown == 0 ? 0 : (long) (page - 1) * perPage + 1;
        return new ListView.Pager(total, page, pages, from, from == 0 ? 0 : from + shown - 1,
                page > 1 ? pageUrl(resource, query, page - 1) : null, page < pages ? pageUrl(resource, query, page + 1) : null, links);
    }

    private ListView.Actions actions(Resource resource, Map<String, List<String>> filters, Caller caller) {
        var api = resource.api();
        var bulk = api.enableBulk() && auth.may(Operation.DELETE, resource, caller, null);
        var export = api.enableExport() && auth.may(Operation.READ, resource, caller, null);
        return new ListView.Actions(auth.may(Operation.CREATE, resource, caller, null), bulk, bulk ? resource.basePath() + "/bulk" : null,
                export ? UiPaths.withQuery(resource.basePath() + "/export/csv", filters) : null,
                export ? UiPaths.withQuery(resource.basePath() + "/export/json", filters) : null,
                UiPaths.withQuery(resource.basePath(), filters));
    }

    private static String pageUrl(Resource resource, Map<String, List<String>> query, int page) {
        var params = new LinkedHashMap<>(withoutControls(query));
        if (page > 1) {
            params.put("page", List.of(Integer.toString(page)));
        }
        return UiPaths.withQuery(UiPaths.list(resource), params);
    }

    /** The list parameters of the page's query, for the API: filters, {@code q}, {@code sort}; empty values dropped. */
    static Map<String, List<String>> filterParams(Map<String, List<String>> query) {
        var params = new LinkedHashMap<String, List<String>>();
        withoutControls(query).forEach((name, values) -> {
            if (!name.equals("limit") && !name.equals("offset")) {
                params.put(name, values);
            }
        });
        return params;
    }

    /** The page's query without its own controls and empty values: what links to other pages of the list keep. */
    static Map<String, List<String>> withoutControls(Map<String, List<String>> query) {
        var kept = new LinkedHashMap<String, List<String>>();
        query.forEach((name, values) -> {
            var nonEmpty = values.stream().filter(v -> !v.isBlank()).toList();
            if (!PAGE_CONTROLS.contains(name) && !name.startsWith("_") && !nonEmpty.isEmpty()) {
                kept.put(name, nonEmpty);
            }
        });
        return kept;
    }

    static String first(Map<String, List<String>> query, String name) {
        var values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static int number(String text) {
        try {
            return text == null ? 1 : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
