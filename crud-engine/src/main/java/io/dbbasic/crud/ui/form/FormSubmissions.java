package io.dbbasic.crud.ui.form;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.ApiException;
import io.dbbasic.common.errors.Forbidden;
import io.dbbasic.common.errors.NotAuthenticated;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.model.Resource;
import io.dbbasic.crud.records.FormPost;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves a create or edit form through the same path as the API, and tells the page what happened: saved,
 * or refused with the API's own per-field messages (validation, a unique value taken, a workflow step not
 * allowed, a hook's rejection) so the form can be shown again with the values that were sent. Not found,
 * not logged in and not allowed are not form problems: they go on to the error page.
 */
public final class FormSubmissions {
    public sealed interface Outcome permits Saved, Refused {}

    public record Saved(long id) implements Outcome {}

    public record Refused(Map<String, String> errors, String message) implements Outcome {}

    public Outcome create(Resource resource, FormPost post, Caller caller) {
        try {
            var saved = post.create(caller);
            return new Saved(((Number) saved.record().get(resource.primaryKey().name())).longValue());
        } catch (NotFound | NotAuthenticated | Forbidden e) {
            throw e;
        } catch (ApiException e) {
            return refused(e);
        }
    }

    public Outcome update(Resource resource, long id, FormPost post, Caller caller) {
        try {
            post.update(id, caller);
            return new Saved(id);
        } catch (NotFound | NotAuthenticated | Forbidden e) {
            throw e;
        } catch (ApiException e) {
            return refused(e);
        }
    }

    private static Refused refused(ApiException e) {
        var errors = new LinkedHashMap<String, String>();
        if (e.extensions().get("errors") instanceof Map<?, ?> fieldErrors) {
            fieldErrors.forEach((field, message) -> errors.put(String.valueOf(field), String.valueOf(message)));
        }
        return new Refused(errors, "Nothing was saved: " + e.detail());
    }
}
