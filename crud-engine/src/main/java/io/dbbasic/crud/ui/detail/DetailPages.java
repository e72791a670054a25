package io.dbbasic.crud.ui.detail;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.Operation;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.ui.Cells;
import io.dbbasic.crud.ui.Labels;
import io.dbbasic.crud.ui.UiAuth;
import io.dbbasic.crud.ui.UiPaths;
import io.dbbasic.crud.ui.UiRecords;
import io.dbbasic.crud.ui.list.ListPages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds a record's detail page: every field, what the caller may do with it, and its history. */
public final class DetailPages {
    private final UiRecords records;
    private final Labels labels;
    private final UiAuth auth;
    private final AuditHistory audit;

    public DetailPages(UiRecords records, Labels labels, UiAuth auth, AuditHistory audit) {
        this.records = records;
        this.labels = labels;
        this.auth = auth;
        this.audit = audit;
    }

    public DetailView build(Resource resource, long id, Caller caller) {
        return view(resource, id, caller, history(resource, id));
    }

    /** The page that asks before a delete: the record, without its history. */
    public DetailView forDelete(Resource resource, long id, Caller caller) {
        return view(resource, id, caller, new DetailView.HistoryView(null, List.of()));
    }

    private DetailView view(Resource resource, long id, Caller caller, DetailView.HistoryView history) {
        var record = records.get(resource, id, caller);
        var linked = labels.linked(resource.fields(), List.of(record), caller);
        var values = resource.fields().stream()
                .map(f -> new DetailView.Value(f.name(), ListPages.label(f), Cells.of(resource, f, record.get(f.name()), linked.getOrDefault(f.name(), Map.of()), false)))
                .toList();
        return new DetailView(resource.name(), resource.displayTitle(), Labels.of(resource, record), id, values,
                auth.may(Operation.UPDATE, resource, caller, record) ? UiPaths.edit(resource.name(), id) : null,
                auth.may(Operation.DELETE, resource, caller, record) ? UiPaths.delete(resource.name(), id) : null,
                UiPaths.list(resource), history);
    }

    private DetailView.HistoryView history(Resource resource, long id) {
        var history = audit.of(resource.name(), id);
        if (history instanceof AuditHistory.History.Unavailable unavailable) {
            return new DetailView.HistoryView("History is not available: " + unavailable.reason() + ".", List.of());
        }
        var entries = new ArrayList<DetailView.Entry>();
        for (var version : ((AuditHistory.History.Versions) history).versions()) {
            var changes = new ArrayList<DetailView.Change>();
            version.path("changes").properties().forEach(change -> changes.add(new DetailView.Change(
                    resource.field(change.getKey()).map(ListPages::label).orElse(change.getKey()),
                    text(change.getValue().path(0)), text(change.getValue().path(1)))));
            entries.add(new DetailView.Entry(version.path("version").asLong(), version.path("type").asText(""),
                    version.path("at").asText(""), who(version.path("user")), changes));
        }
        java.util.Collections.reverse(entries);   // newest first
        return new DetailView.HistoryView(null, entries);
    }

    private static String who(JsonNode user) {
        if (user.hasNonNull("username")) {
            return user.get("username").asText();
        }
        if (user.hasNonNull("id")) {
            return "#" + user.get("id").asText();
        }
        return "anonymous";
    }

    private static String text(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return "—";
        }
        return value.isTextual() ? value.asText() : value.toString();
    }
}
