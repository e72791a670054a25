package io.dbbasic.crud.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.common.errors.DependencyDown;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.errors.PayloadTooLarge;
import io.dbbasic.common.errors.ValidationFailed;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Resource;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code file} fields: multipart uploads on POST/PUT/PATCH (the other fields as form fields, typed by the
 * model), downloads at {@code GET {base}/{id}/files/{field}}, and the removal of bytes no record points at
 * any more. Bytes live under {@code <data dir>/files/<resource>/<id>/<field>/} with generated names; the
 * client's file name is only kept as the file's display name.
 *
 * <p>Size: a file over its field's {@code max_size} is a 422 naming the field (it is a validation of that
 * field); a request over the sum of the resource's {@code max_size}s plus 10 MB of form fields is a 413.
 */
final class FileFields {
    private static final Logger log = LoggerFactory.getLogger(FileFields.class);
    /** Jetty's attribute for the multipart limits of one request. */
    private static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";
    private static final long FORM_FIELDS_BYTES = 10L * 1024 * 1024;
    private static final int IN_MEMORY_BYTES = 64 * 1024;
    private static final Pattern SAFE_SUFFIX = Pattern.compile("[a-z0-9]{1,10}");

    /** The parts of a multipart write: the other fields as a JSON body, and the uploaded files by field. */
    record Form(ObjectNode body, Map<String, Upload> files) {}

    record Download(Path path, String name, long size, String contentType, String etag) {
        boolean inline() {
            return ContentTypes.inline(contentType);
        }
    }

    private final Records records;
    private final ObjectMapper json;
    private final CsvCells cells;
    private final Path root;
    private final Path incoming;

    /** {@code root} is {@code <data dir>/files}. Left-overs of uploads cut short by a stop are swept here. */
    FileFields(Records records, ObjectMapper json, Path root) {
        this.records = records;
        this.json = json;
        this.cells = new CsvCells(json);
        this.root = root.toAbsolutePath().normalize();
        this.incoming = this.root.resolve(".incoming");
        try {
            Files.createDirectories(incoming);
            try (var stale = Files.list(incoming)) {
                stale.forEach(FileFields::deleteQuietly);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + incoming, e);
        }
    }

    static boolean isMultipart(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    Records.Found create(Resource resource, HttpServletRequest request, Caller caller) {
        return create(resource, collect(resource, request), Dialect.API, caller);
    }

    Records.Found update(Resource resource, long id, HttpServletRequest request, boolean replace, String ifMatch, Caller caller) {
        records.get(resource, id, caller);   // 404 (or 401/403) before reading a possibly large body
        var form = receive(resource, request);
        return settled(form, () -> records.update(resource, id, form.body(), form.files(), replace, ifMatch, caller));
    }

    Records.Found create(Resource resource, Received received, Dialect dialect, Caller caller) {
        var form = typed(resource, received, dialect);
        return settled(form, () -> records.create(resource, form.body(), form.files(), caller));
    }

    /** A form's changes (PATCH): only the fields it sent. */
    Records.Found update(Resource resource, long id, Received received, Dialect dialect, Caller caller) {
        var form = typed(resource, received, dialect);
        return settled(form, () -> records.update(resource, id, form.body(), form.files(), false, null, caller));
    }

    FormPost formPost(Resource resource, HttpServletRequest request) {
        return new FormPost(resource, collect(resource, request), this);
    }

    private static <T> T settled(Form form, Supplier<T> write) {
        var outcome = Upload.Outcome.FAILED;
        try {
            var result = write.get();
            outcome = Upload.Outcome.COMMITTED;
            return result;
        } catch (DependencyDown e) {
            outcome = Upload.Outcome.UNKNOWN;
            throw e;
        } finally {
            for (var upload : form.files().values()) {
                upload.settle(outcome);
            }
        }
    }

    // ---- receiving

    /**
     * How text parts read. {@code API}: as CSV cells (an empty text part of a text field is the empty text).
     * {@code HTML_FORM}: a browser form that shows every writable field, so a field it sends no part for was
     * left unchecked or empty (a boolean is false, a many_to_many empty), and an empty text box or a select left
     * at "—" is no value.
     */
    enum Dialect { API, HTML_FORM }

    /** The multipart body as received: text parts, files checked and staged, and the problems of the files. */
    record Received(Map<String, List<String>> texts, Map<String, Upload> files, Map<String, String> fileErrors) {
        void discard() {
            files.values().forEach(u -> u.settle(Upload.Outcome.FAILED));
        }
    }

    Form receive(Resource resource, HttpServletRequest request) {
        return typed(resource, collect(resource, request), Dialect.API);
    }

    /**
     * Reads every part: text parts are kept as sent; file parts are checked (size, type) and staged. Parts
     * whose names start with {@code _} are controls of the page (the {@code _csrf} token), never fields.
     */
    Received collect(Resource resource, HttpServletRequest request) {
        var fileFields = resource.fields().stream().filter(f -> f.type() instanceof FieldType.File).toList();
        var largest = fileFields.stream().mapToLong(f -> ((FieldType.File) f.type()).maxSizeBytes()).max().orElse(0);
        var total = fileFields.stream().mapToLong(f -> ((FieldType.File) f.type()).maxSizeBytes()).sum() + FORM_FIELDS_BYTES;
        request.setAttribute(MULTIPART_CONFIG, new MultipartConfigElement(incoming.toString(), Math.max(largest, FORM_FIELDS_BYTES),
                total, IN_MEMORY_BYTES));
        Collection<Part> parts;
        try {
            parts = request.getParts();
        } catch (IOException | ServletException | RuntimeException e) {
            throw unreadable(e, total);
        }
        var uploads = new LinkedHashMap<String, Upload>();
        var staged = new java.util.HashSet<Part>();
        var done = false;
        try {
            var errors = new LinkedHashMap<String, String>();
            var texts = new LinkedHashMap<String, List<String>>();
            for (var part : parts) {
                var name = part.getName();
                if (name.startsWith("_")) {
                    continue;
                }
                if (part.getSubmittedFileName() == null) {
                    texts.computeIfAbsent(name, n -> new ArrayList<>()).add(new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    continue;
                }
                if (part.getSubmittedFileName().isEmpty() && part.getSize() == 0) {
                    continue;   // a form's file input left empty
                }
                var field = resource.field(name);
                if (field.isEmpty() || !(field.get().type() instanceof FieldType.File)) {
                    errors.put(name, field.isEmpty() ? "is not a field of " + resource.name() : "is not a file field; send it as a form field");
                } else if (uploads.containsKey(name)) {
                    errors.put(name, "takes one file");
                } else {
                    staged.add(part);
                    var problem = stage(resource, field.get(), part, uploads);
                    if (problem != null) {
                        errors.put(name, problem);
                    }
                }
            }
            done = true;
            return new Received(texts, uploads, errors);
        } catch (IOException e) {
            throw new BadRequest("the upload broke off: " + e.getMessage());
        } finally {
            if (!done) {
                uploads.values().forEach(u -> u.settle(Upload.Outcome.FAILED));
            }
            for (var part : parts) {
                if (staged.contains(part)) {
                    continue;   // Jetty moved its temporary file to the staged one: the Upload owns it now
                }
                try {
                    part.delete();   // Jetty's own temporary copy
                } catch (IOException e) {
                    log.debug("cannot delete a multipart temp file", e);
                }
            }
        }
    }

    /** The text parts typed by the model; a 422 naming every bad field (files included), the staged files discarded. */
    Form typed(Resource resource, Received received, Dialect dialect) {
        var errors = new LinkedHashMap<>(received.fileErrors());
        var texts = dialect == Dialect.HTML_FORM ? formTexts(resource, received.texts()) : received.texts();
        var body = json.createObjectNode();
        texts.forEach((name, values) -> formField(resource, name, values, body, errors));
        if (!errors.isEmpty()) {
            received.discard();
            throw new ValidationFailed(errors);
        }
        return new Form(body, received.files());
    }

    /** An HTML form's texts as the API would take them: unchecked boxes false, empty tag inputs empty, empty boxes no value. */
    private static Map<String, List<String>> formTexts(Resource resource, Map<String, List<String>> sent) {
        var texts = new LinkedHashMap<String, List<String>>(sent);
        for (var field : resource.fields()) {
            if (field.serverManaged() || field.type() instanceof FieldType.File) {
                continue;
            }
            var values = texts.get(field.name());
            if (values == null && field.type() instanceof FieldType.Bool) {
                texts.put(field.name(), List.of("false"));
            } else if (values == null && field.type() instanceof FieldType.ManyToMany) {
                texts.put(field.name(), List.of(""));
            } else if (values != null && values.size() == 1 && values.get(0).isBlank()
                    && (field.type() instanceof FieldType.Text || field.type() instanceof FieldType.Select)) {
                texts.put(field.name(), java.util.Collections.singletonList(null));
            }
        }
        return texts;
    }

    /** Checks one file and moves it to the incoming folder; returns the problem, or null when it is accepted. */
    private String stage(Resource resource, Field field, Part part, Map<String, Upload> uploads) throws IOException {
        var type = (FieldType.File) field.type();
        if (part.getSize() > type.maxSizeBytes()) {
            return "must be at most " + size(type.maxSizeBytes()) + " (this file is " + size(part.getSize()) + ")";
        }
        var name = displayName(part.getSubmittedFileName());
        var staged = incoming.resolve(UUID.randomUUID() + ".upload");
        part.write(staged.toString());
        byte[] head;
        try (var in = Files.newInputStream(staged)) {
            head = in.readNBytes(ContentTypes.SAMPLE);
        }
        var contentType = ContentTypes.sniff(head, name);
        if (!ContentTypes.accepts(type.accept(), contentType, name)) {
            deleteQuietly(staged);
            return "must be " + String.join(" or ", type.accept()) + " (this file is " + contentType + ")";
        }
        var extension = ContentTypes.extension(name);
        var suffix = SAFE_SUFFIX.matcher(extension).matches() ? "." + extension : "";
        uploads.put(field.name(), new Upload(root, staged, name, Files.size(staged), contentType, suffix));
        return null;
    }

    /** A text part, typed by its field like a CSV cell; a file field's empty text part clears the file. */
    private void formField(Resource resource, String name, List<String> values, ObjectNode body, Map<String, String> errors) {
        var field = resource.field(name);
        if (field.isEmpty()) {
            body.put(name, values.get(0));   // WriteInput names the unknown field
            return;
        }
        var type = field.get().type();
        if (values.size() > 1 && !(type instanceof FieldType.ManyToMany)) {
            errors.put(name, "is given more than once");
            return;
        }
        var text = values.get(0) == null ? null : String.join(",", values);
        try {
            if (type instanceof FieldType.File) {
                if (text != null && !text.isBlank()) {
                    throw new FieldCodec.Invalid("must be sent as a file (an empty value clears it)");
                }
                body.putNull(name);
                return;
            }
            body.set(name, cells.read(field.get(), text));
        } catch (FieldCodec.Invalid e) {
            errors.put(name, e.getMessage());
        }
    }

    private static RuntimeException unreadable(Exception e, long total) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            var message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("max") && (message.contains("size") || message.contains("length") || message.contains("exceed"))) {
                return new PayloadTooLarge("the upload is larger than this resource takes (at most " + size(total) + " in all)");
            }
        }
        return new BadRequest("the multipart body is malformed: " + e.getMessage());
    }

    /** The last segment of the client's file name, without control characters, at most 255 characters. */
    static String displayName(String submitted) {
        var name = submitted == null ? "" : submitted;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return "file";
        }
        return name.length() > 255 ? name.substring(name.length() - 255) : name;
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        var units = new String[] {"KB", "MB", "GB"};
        double value = bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        var text = String.format(Locale.ROOT, "%.1f", value);
        return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text) + " " + units[unit];
    }

    // ---- downloads

    Download download(Resource resource, long id, String fieldName, Caller caller) {
        var field = resource.field(fieldName).filter(f -> f.type() instanceof FieldType.File)
                .orElseThrow(() -> new NotFound("`" + fieldName + "` is not a file field of " + resource.name()));
        records.get(resource, id, caller);   // the record's own read rules apply to its files (and 404 for no record)
        var stored = storedFile(resource, id, field)
                .orElseThrow(() -> new NotFound(resource.name() + " " + id + " has no file in " + fieldName));
        var path = root.resolve(stored.path()).normalize();
        if (!path.startsWith(root) || !Files.isRegularFile(path)) {
            log.warn("{} {} {}: the stored file {} is missing", resource.name(), id, fieldName, stored.path());
            throw new NotFound("the file of " + resource.name() + " " + id + " " + fieldName + " is missing");
        }
        var etag = "\"" + path.getFileName().toString().replaceAll("[^A-Za-z0-9-]", "") + "\"";
        return new Download(path, stored.name(), stored.size(), stored.contentType(), etag);
    }

    private java.util.Optional<StoredFile> storedFile(Resource resource, long id, Field field) {
        return records.file(resource).withConnection(conn -> new RecordTable(resource, records.codec()).find(conn, id))
                .map(record -> record.get(field.name()))
                .filter(StoredFile.class::isInstance)
                .map(StoredFile.class::cast);
    }

    /** {@code Content-Disposition} with a plain fallback name and the exact one in RFC 5987 form. */
    static String disposition(Download download) {
        var fallback = download.name().replaceAll("[^A-Za-z0-9._ -]", "_");
        var exact = java.net.URLEncoder.encode(download.name(), StandardCharsets.UTF_8).replace("+", "%20");
        return (download.inline() ? "inline" : "attachment") + "; filename=\"" + fallback + "\"; filename*=UTF-8''" + exact;
    }

    // ---- removing bytes no record points at

    /**
     * A commit listener (it runs on the writer thread right after each commit, before the next transaction
     * of that database file, so no upload of these records is being placed meanwhile): a deleted record's
     * files go; a changed file field keeps only the file the record now holds.
     */
    void committed(List<Change> changes) {
        for (var change : changes) {
            var resource = records.resource(change.resource()).orElse(null);
            if (resource == null || resource.fields().stream().noneMatch(f -> f.type() instanceof FieldType.File)) {
                continue;
            }
            var recordDir = root.resolve(resource.name()).resolve(Long.toString(change.id()));
            if (change.type() == Change.Type.DELETED) {
                deleteTree(recordDir);
                continue;
            }
            for (var field : resource.fields()) {
                if (field.type() instanceof FieldType.File && change.changes().containsKey(field.name())) {
                    var keep = storedFile(resource, change.id(), field).map(f -> root.resolve(f.path()).normalize()).orElse(null);
                    var fieldDir = recordDir.resolve(field.name());
                    if (Files.isDirectory(fieldDir)) {
                        try (var files = Files.list(fieldDir)) {
                            files.filter(p -> !p.equals(keep)).forEach(FileFields::deleteQuietly);
                        } catch (IOException e) {
                            log.warn("cannot clean {}", fieldDir, e);
                        }
                    }
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(FileFields::deleteQuietly);
        } catch (IOException e) {
            log.warn("cannot remove {}", dir, e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("cannot delete {}", path, e);
        }
    }
}
