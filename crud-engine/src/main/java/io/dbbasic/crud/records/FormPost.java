package io.dbbasic.crud.records;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.Resource;
import java.util.List;
import java.util.Map;

/**
 * A browser form's {@code multipart/form-data} body, read once: its text values as sent (so a refused form
 * can be shown again with them) and its files, checked and staged. The form shows every writable field,
 * so a field it sends nothing for was left unchecked or empty ({@link FileFields.Dialect#HTML_FORM}).
 * Use it for one write: the staged files are kept or discarded by that write.
 */
public final class FormPost {
    private final Resource resource;
    private final FileFields.Received received;
    private final FileFields files;

    FormPost(Resource resource, FileFields.Received received, FileFields files) {
        this.resource = resource;
        this.received = received;
        this.files = files;
    }

    /** The text values by field name, as the browser sent them. */
    public Map<String, List<String>> texts() {
        return received.texts();
    }

    public Records.Found create(Caller caller) {
        return files.create(resource, received, FileFields.Dialect.HTML_FORM, caller);
    }

    /** Changes the fields the form sent (PATCH); a file input left empty keeps the file. */
    public Records.Found update(long id, Caller caller) {
        return files.update(resource, id, received, FileFields.Dialect.HTML_FORM, caller);
    }
}
