package io.dbbasic.crud.ui.list;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Operation;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.ui.Cells;
import io.dbbasic.crud.ui.Labels;
import io.dbbasic.crud.ui.UiAuth;
import io.dbbasic.crud.ui.UiPaths;
import io.dbbasic.crud.ui.UiRecords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the kanban board of a resource whose YAML asks for one ({@code ui.components.list.variant: kanban}):
 * grouped by the workflow's field, else by the first select field. Each column shows up to {@code per_page}
 * cards, in the list's default order, and links to the rest.
 */
public final class BoardPages {
    private static final int CARD_DETAILS = 3;

    private final UiRecords records;
    private final Labels labels;
    private final UiAuth auth;

    public BoardPages(UiRecords records, Labels labels, UiAuth auth) {
        this.records = records;
        this.labels = labels;
        this.auth = auth;
    }

    /** The field a board groups by: the workflow's, else the first select field. */
    public static Field groupField(Resource resource) {
        if (resource.workflow() != null) {
            return resource.field(resource.workflow().field()).orElseThrow();
        }
        return resource.fields().stream().filter(f -> f.type() instanceof FieldType.Select).findFirst().orElseThrow();
    }

    public BoardView build(Resource resource, Caller caller) {
        var field = groupField(resource);
        var options = ((FieldType.Select) field.type()).options();
        var label = Labels.labelField(resource);
        var details = ListPages.columns(resource).stream().filter(f -> !f.equals(field) && label.map(l -> !l.equals(f)).orElse(true))
                .limit(CARD_DETAILS).toList();
        var columns = new ArrayList<BoardView.Column>();
        for (var option : options) {
            var params = new LinkedHashMap<String, List<String>>();
            params.put(field.name(), List.of(option));
            params.put("limit", List.of(Integer.toString(resource.interfaceOptions().perPage())));
            var page = records.list(resource, params, caller);
            var linked = labels.linked(details, page.records(), caller);
            var cards = page.records().stream().map(record -> card(resource, field, options, details, linked, record, caller)).toList();
            var more = page.total() > cards.size() ? UiPaths.withQuery(UiPaths.list(resource), Map.of("view", List.of("table"), field.name(), List.of(option))) : null;
            columns.add(new BoardView.Column(option, Cells.colourClass(field, option), page.total(), cards, more));
        }
        return new BoardView(resource.name(), resource.displayTitle(), resource.description(), field.name(), ListPages.label(field),
                resource.basePath(), UiPaths.withQuery(UiPaths.list(resource), Map.of("view", List.of("table"))),
                auth.may(Operation.CREATE, resource, caller, null) ? UiPaths.create(resource.name()) : null,
                UiPaths.withQuery(UiPaths.list(resource), Map.of("fragment", List.of("board"))), columns);
    }

    private BoardView.Card card(Resource resource, Field field, List<String> options, List<Field> details,
                                Map<String, Map<Long, String>> linked, Map<String, Object> record, Caller caller) {
        var id = ((Number) record.get(resource.primaryKey().name())).longValue();
        var current = String.valueOf(record.get(field.name()));
        var moves = options.stream().filter(o -> !o.equals(current))
                .filter(o -> resource.workflow() == null || resource.workflow().allows(current, o)).toList();
        var shown = details.stream().filter(f -> record.get(f.name()) != null)
                .map(f -> new BoardView.Detail(ListPages.label(f), Cells.of(resource, f, record.get(f.name()), linked.getOrDefault(f.name(), Map.of()), true)))
                .toList();
        return new BoardView.Card(id, UiPaths.record(resource.name(), id), Labels.of(resource, record), Integer.toHexString(record.hashCode()),
                auth.may(Operation.UPDATE, resource, caller, record), String.join(" ", moves),
                moves.stream().map(m -> new BoardView.Move(m, m)).toList(), shown);
    }
}
