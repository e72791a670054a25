package io.dbbasic.crud.ui;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.records.Records;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The records as the admin UI reads and deletes them: always for a caller, so the pages show what the API
 * would show that caller. The one place the UI calls {@link Records} for reads.
 */
public final class UiRecords {
    private final Records records;
    private final Supplier<AppModel> model;

    public UiRecords(Records records, Supplier<AppModel> model) {
        this.records = records;
        this.model = model;
    }

    public AppModel model() {
        return model.get();
    }

    /** The served resource called {@code name}; 404 when there is none. */
    public Resource resource(String name) {
        return model.get().resource(name).orElseThrow(() -> new NotFound("no resource called " + name + " is served"));
    }

    /** A page of records: {@code params} in the list grammar of the API (filters, q, sort, limit, offset). */
    public Records.Page list(Resource resource, Map<String, List<String>> params, Caller caller) {
        return records.list(resource, records.parseQuery(resource, params), caller);
    }

    public Map<String, Object> get(Resource resource, long id, Caller caller) {
        return records.get(resource, id, caller).record();
    }

    public long count(Resource resource, Caller caller) {
        return records.count(resource, caller);
    }

    public void delete(Resource resource, long id, Caller caller) {
        records.delete(resource, id, null, caller);
    }

    /** The fields the search box looks in: those {@code ?q=} searches. */
    public static List<Field> searchFields(Resource resource) {
        return Records.searchFields(resource);
    }
}
