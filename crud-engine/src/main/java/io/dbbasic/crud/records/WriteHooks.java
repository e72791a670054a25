package io.dbbasic.crud.records;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.HookEvent;
import io.dbbasic.common.model.Resource;
import java.util.Map;

/**
 * Where hook services plug into the write path (CONTRACT §6). A before-hook sees the record as it
 * would be stored and may return a changed one (validated again) or throw an ApiException to refuse
 * the write; after-hooks run once the write is committed and never undo it.
 */
public interface WriteHooks {
    WriteHooks NONE = new WriteHooks() {
        @Override
        public JsonNode before(HookEvent event, Resource resource, JsonNode record, Map<String, Object> previous, Caller caller) {
            return record;
        }

        @Override
        public void after(HookEvent event, Resource resource, Change change, Caller caller) {}
    };

    JsonNode before(HookEvent event, Resource resource, JsonNode record, Map<String, Object> previous, Caller caller);

    void after(HookEvent event, Resource resource, Change change, Caller caller);
}
