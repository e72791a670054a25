package io.dbbasic.crud.records;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.errors.ApiException;
import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.common.errors.DependencyDown;
import io.dbbasic.common.errors.PayloadTooLarge;
import io.dbbasic.common.errors.ValidationFailed;
import io.dbbasic.common.model.Auto;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Operation;
import io.dbbasic.common.model.Resource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST {base}/import/csv|json}. The body (up to 1 GB) is first spooled to a file under the data dir
 * at the client's pace, so a slow upload never holds the writer; then its rows are read one at a time,
 * typed and validated here on the request thread, and handed in batches to an {@link ImportJob} that the
 * resource's writer runs as one transaction. Memory stays bounded by a few batches whatever the size.
 *
 * <p>An import restores data: ids and server-set values (timestamps, owner) given in the file are kept, so
 * an export imported into an empty resource reproduces it exactly. Rows without an id get new ids. Before-
 * and after-hooks do not run (see docs/api.md "Export and import").
 */
final class Imports {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Imports.class);
    static final long MAX_BYTES = 1L << 30;
    static final int BATCH_ROWS = 1_000;
    /** All-or-nothing stops reading after this many invalid rows: enough to fix a file in one round. */
    static final int MAX_ERRORS_REFUSED = 100;
    /** skip_invalid lists at most this many skipped rows; {@code skipped} counts them all. */
    static final int MAX_ERRORS_LISTED = 1_000;
    private static final long WAIT_MINUTES = 60;

    enum Mode {
        ALL_OR_NOTHING, SKIP_INVALID;

        static Mode of(String name) {
            if (name == null || name.isBlank() || name.equals("all_or_nothing")) {
                return ALL_OR_NOTHING;
            }
            if (name.equals("skip_invalid")) {
                return SKIP_INVALID;
            }
            throw new BadRequest("mode is all_or_nothing (the default) or skip_invalid, not `" + name + "`");
        }
    }

    record RowError(long row, Map<String, String> errors) {}

    /** The outcome: {@code refused} means all-or-nothing found errors and nothing was written. */
    record Result(long imported, long skipped, List<RowError> errors, boolean refused) {
        int status() {
            return refused ? 422 : 200;
        }

        /** The reply: the contract's {@code {"imported","skipped","errors"}}, inside a problem body when refused. */
        Map<String, Object> body() {
            var body = new LinkedHashMap<String, Object>();
            if (refused) {
                body.put("type", "about:blank");
                body.put("status", 422);
                body.put("title", "Validation failed");
                body.put("detail", (errors.size() == 1 ? "1 row is invalid" : errors.size() + " rows are invalid") + "; nothing was imported");
            }
            body.put("imported", imported);
            body.put("skipped", skipped);
            var list = new ArrayList<Map<String, Object>>();
            for (var error : errors) {
                var entry = new LinkedHashMap<String, Object>();
                entry.put("row", error.row());
                entry.put("errors", error.errors());
                list.add(entry);
            }
            body.put("errors", list);
            return body;
        }
    }

    private final Records records;
    private final ObjectMapper json;
    private final CsvMapper csv = new CsvMapper();
    private final CsvCells cells;
    private final WriteInput input;
    private final Rules rules = new Rules();
    private final RecordJson recordJson;
    private final Path spoolDir;
    private final Clock clock;

    Imports(Records records, ObjectMapper json, Path spoolDir, Clock clock) {
        this.records = records;
        this.json = json;
        this.cells = new CsvCells(json);
        this.input = new WriteInput(records.codec(), rules);
        this.recordJson = new RecordJson(json);
        this.spoolDir = spoolDir;
        this.clock = clock;
    }

    /** An import for {@code caller}: the create rule applies to every row (CONTRACT §9). */
    Result run(Resource resource, String format, String mode, InputStream body, long declaredLength, Caller caller) {
        records.mayEver(Operation.CREATE, resource, caller);   // 401/403 before the body is read
        return run(resource, format, mode, body, declaredLength, caller, true);
    }

    /**
     * A template's sample data (JSON) from the app folder: its author put it there, so no permission rule
     * applies, and its ids, owners and timestamps are kept as they are.
     */
    Result runSampleData(Resource resource, InputStream body, long declaredLength, Caller seeder) {
        return run(resource, "json", null, body, declaredLength, seeder, false);
    }

    private Result run(Resource resource, String format, String mode, InputStream body, long declaredLength, Caller caller, boolean applyRules) {
        var csvFormat = switch (format) {
            case "csv" -> true;
            case "json" -> false;
            default -> throw new BadRequest("imports are csv or json, not `" + format + "`");
        };
        var importMode = Mode.of(mode);
        if (declaredLength > MAX_BYTES) {
            throw tooLarge();
        }
        var started = System.nanoTime();
        var spooled = spool(body);
        var spoolNanos = System.nanoTime() - started;
        try (var rows = csvFormat ? new CsvRows(resource, Files.newInputStream(spooled)) : new JsonRows(Files.newInputStream(spooled))) {
            var result = run(resource, rows, importMode, caller, applyRules);
            log.info("import into {}: {} imported, {} skipped{} in {} ms (receiving {} ms)", resource.name(), result.imported(), result.skipped(),
                    result.refused() ? ", refused" : "", (System.nanoTime() - started) / 1_000_000, spoolNanos / 1_000_000);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(spooled);
            } catch (IOException e) {
                // a leftover spool file is only disk space; the next start's temp dir holds nothing else
            }
        }
    }

    private Result run(Resource resource, RowSource rows, Mode mode, Caller caller, boolean applyRules) throws IOException {
        var allOrNothing = mode == Mode.ALL_OR_NOTHING;
        var cap = allOrNothing ? MAX_ERRORS_REFUSED : MAX_ERRORS_LISTED;
        var job = new ImportJob(resource, allOrNothing, cap, caller, clock.instant().truncatedTo(ChronoUnit.MILLIS), records.codec(),
                recordJson, records::missingIn, records::resource);
        var done = records.submit(resource, new Mutation.Import(resource, job));
        var invalid = new ArrayList<RowError>();
        long invalidRows = 0;
        var sending = true;
        var finished = false;
        try {
            var batch = new ArrayList<ImportJob.Row>(BATCH_ROWS);
            for (var row = rows.next(); row != null; row = rows.next()) {
                var errors = new LinkedHashMap<String, String>(row.errors());
                var prepared = row.body() == null ? null : prepare(resource, row.number(), row.body(), caller, applyRules, errors);
                if (!errors.isEmpty()) {
                    invalidRows++;
                    if (invalid.size() < cap) {
                        invalid.add(new RowError(row.number(), errors));
                    }
                    if (allOrNothing) {
                        if (sending) {
                            job.abort();   // nothing will be written: let the writer roll back and move on now
                            sending = false;
                        }
                        if (invalid.size() >= cap) {
                            break;
                        }
                    }
                    continue;
                }
                if (!sending) {
                    if (!allOrNothing) {
                        break;   // the writer stopped: nothing more can be imported
                    }
                    continue;   // still reading, to report more invalid rows in one go
                }
                batch.add(prepared);
                if (batch.size() == BATCH_ROWS) {
                    sending = job.send(batch, done);
                    batch.clear();
                }
            }
            if (sending) {
                sending = batch.isEmpty() || job.send(batch, done);
            }
            if (sending) {
                job.finish(done);
                finished = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyDown("interrupted while importing");
        } finally {
            if (!finished) {
                job.abort();
            }
        }
        var refusedByWriter = await(done);
        var errors = new ArrayList<>(invalid);
        job.refusals().forEach(r -> errors.add(new RowError(r.number(), r.errors())));
        errors.sort(Comparator.comparingLong(RowError::row));
        var listed = errors.size() > cap ? List.copyOf(errors.subList(0, cap)) : List.copyOf(errors);
        if (allOrNothing && (invalidRows > 0 || refusedByWriter)) {
            return new Result(0, 0, listed, true);
        }
        return new Result(job.imported(), invalidRows + job.refused(), listed, false);
    }

    /** True when the writer refused the import as a whole (it rolled back); other failures are thrown. */
    private static boolean await(CompletableFuture<List<Change>> done) {
        try {
            done.get(WAIT_MINUTES, TimeUnit.MINUTES);
            return false;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ImportJob.Refused) {
                return true;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new DependencyDown("the import did not finish within " + WAIT_MINUTES + " minutes; it may still complete");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyDown("interrupted while waiting for the import");
        }
    }

    // ---- one row: typed and checked like a create, keeping the server-set values the file gives

    private ImportJob.Row prepare(Resource resource, long number, ObjectNode body, Caller caller, boolean applyRules, Map<String, String> errors) {
        Long id = null;
        var kept = new LinkedHashMap<String, Object>();
        for (var field : resource.fields()) {
            if (field.type() instanceof FieldType.File) {
                body.remove(field.name());   // the bytes are not in the file: files are uploaded on their own
                continue;
            }
            if (!field.serverManaged()) {
                continue;
            }
            var node = body.remove(field.name());
            if (applyRules && isAccountField(field) && (caller == null || !caller.isAdmin())) {
                continue;   // only an admin may import records on someone else's behalf; the caller fills these
            }
            if (node == null || node.isNull() || errors.containsKey(field.name())) {
                continue;
            }
            try {
                var value = records.codec().fromJson(field, node);
                if (field.isPrimaryKey()) {
                    if ((Long) value < 1) {
                        errors.put(field.name(), "must be a positive whole number");
                    } else {
                        id = (Long) value;
                    }
                    continue;
                }
                var problem = rules.check(field, value);
                if (problem != null) {
                    errors.put(field.name(), problem);
                } else {
                    kept.put(field.name(), value);
                }
            } catch (FieldCodec.Invalid e) {
                errors.put(field.name(), e.getMessage());
            }
        }
        var values = input.parse(resource, body, WriteInput.Mode.CREATE, errors);
        if (!errors.isEmpty()) {
            return null;
        }
        values.putAll(kept);
        fillServerFields(resource, values, caller);
        if (!applyRules) {
            return new ImportJob.Row(number, id, values);
        }
        try {
            records.authorizeCreate(resource, values, caller);   // the create rule, on the row as it would be stored
        } catch (ValidationFailed e) {
            e.errors().forEach((field, problem) -> errors.put(field, String.valueOf(problem)));
            return null;
        } catch (ApiException e) {
            errors.put("_row", e.detail());
            return null;
        }
        return new ImportJob.Row(number, id, values);
    }

    private static boolean isAccountField(Field field) {
        return field.auto().contains(Auto.USER) || field.auto().contains(Auto.USER_ADD);
    }

    /** What a create would set for the server-set fields the file leaves out. */
    private void fillServerFields(Resource resource, Map<String, Object> values, Caller caller) {
        var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (var field : resource.fields()) {
            if (!field.serverManaged() || field.isPrimaryKey() || values.get(field.name()) != null) {
                continue;
            }
            var auto = field.auto();
            if (auto.contains(Auto.NOW) || auto.contains(Auto.NOW_ADD)) {
                values.put(field.name(), field.type() instanceof FieldType.Date ? LocalDate.ofInstant(now, ZoneOffset.UTC) : now);
            } else if (auto.contains(Auto.USER) || auto.contains(Auto.USER_ADD)) {
                values.put(field.name(), caller == null || caller.isService() ? null : caller.userId());
            } else if (field.hasDefault()) {
                values.put(field.name(), field.type() instanceof FieldType.Json ? records.codec().jsonTree(field.defaultValue()) : field.defaultValue());
            }
        }
        for (var field : resource.fields()) {
            if (field.ui().defaultCurrentUser() && values.get(field.name()) == null && caller != null && caller.authenticated() && !caller.isService()) {
                values.put(field.name(), caller.userId());
            }
        }
    }

    // ---- reading the body

    private Path spool(InputStream body) {
        Path file;
        try {
            Files.createDirectories(spoolDir);
            file = Files.createTempFile(spoolDir, "import-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spool file under " + spoolDir, e);
        }
        try (var out = Files.newOutputStream(file)) {
            var buffer = new byte[64 * 1024];
            long total = 0;
            while (true) {
                int read;
                try {
                    read = body.read(buffer);
                } catch (IOException e) {
                    throw new BadRequest("the upload broke off: " + e.getMessage());
                }
                if (read < 0) {
                    break;
                }
                total += read;
                if (total > MAX_BYTES) {
                    throw tooLarge();
                }
                out.write(buffer, 0, read);
            }
            return file;
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the original failure is the one to report
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException("cannot spool the import to " + spoolDir, (IOException) e);
        }
    }

    private static PayloadTooLarge tooLarge() {
        return new PayloadTooLarge("an import is at most 1 GB; split the file");
    }

    /** A row as read: its fields as a request body would hold them, or the problems of the row itself. */
    private record RawRow(long number, ObjectNode body, Map<String, String> errors) {}

    private interface RowSource extends AutoCloseable {
        /** The next row, or null at the end. Malformed input is a 400. */
        RawRow next() throws IOException;

        @Override
        void close() throws IOException;
    }

    /** CSV with a header row naming fields (any order, any subset); UTF-8, an optional byte-order mark. */
    private final class CsvRows implements RowSource {
        private final Resource resource;
        private final Reader reader;
        private final MappingIterator<String[]> rows;
        private final List<Field> columns = new ArrayList<>();
        private long number;

        CsvRows(Resource resource, InputStream in) throws IOException {
            this.resource = resource;
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            this.reader = new BufferedReader(new InputStreamReader(in, decoder), 64 * 1024);
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            this.rows = csv.readerFor(String[].class)
                    .with(CsvParser.Feature.WRAP_AS_ARRAY)
                    .with(CsvParser.Feature.EMPTY_UNQUOTED_STRING_AS_NULL)
                    .with(CsvParser.Feature.SKIP_EMPTY_LINES)
                    .readValues(reader);
            var header = read();
            if (header == null) {
                throw new ValidationFailed("the CSV has no header row", Map.of("_header", "must name the columns, like id,title"));
            }
            var errors = new LinkedHashMap<String, String>();
            var seen = new HashSet<String>();
            for (var name : header) {
                var column = name == null ? "" : name.strip();
                var field = resource.field(column);
                if (field.isEmpty()) {
                    errors.put(column.isEmpty() ? "_header" : column, "is not a field of " + resource.name() + " (the fields are "
                            + String.join(", ", resource.fields().stream().map(Field::name).toList()) + ")");
                } else if (!seen.add(column)) {
                    errors.put(column, "is named twice in the header");
                }
                field.ifPresent(columns::add);
            }
            if (!errors.isEmpty()) {
                throw new ValidationFailed("the CSV header does not match " + resource.name(), errors);
            }
        }

        @Override
        public RawRow next() throws IOException {
            var cellsOfRow = read();
            if (cellsOfRow == null) {
                return null;
            }
            number++;
            var errors = new LinkedHashMap<String, String>();
            if (cellsOfRow.length != columns.size()) {
                errors.put("_row", "has " + cellsOfRow.length + " values; the header names " + columns.size());
                return new RawRow(number, null, errors);
            }
            var body = json.createObjectNode();
            for (var i = 0; i < cellsOfRow.length; i++) {
                var field = columns.get(i);
                if (field.type() instanceof FieldType.File) {
                    continue;
                }
                try {
                    body.set(field.name(), cells.read(field, cellsOfRow[i]));
                } catch (FieldCodec.Invalid e) {
                    errors.put(field.name(), e.getMessage());
                }
            }
            return new RawRow(number, body, errors);
        }

        private String[] read() throws IOException {
            try {
                return rows.hasNextValue() ? rows.nextValue() : null;
            } catch (CharacterCodingException e) {
                throw new BadRequest("the CSV is not UTF-8 text (after row " + number + ")");
            } catch (JsonProcessingException e) {
                throw new BadRequest("the CSV is malformed after row " + number + ": " + e.getOriginalMessage());
            }
        }

        @Override
        public void close() throws IOException {
            rows.close();
            reader.close();
        }
    }

    /** A JSON array of records (as {@code export/json} writes), or an object with such an array under {@code records}. */
    private final class JsonRows implements RowSource {
        /** One element at a time: the mapper's trailing-token check would see the next element as junk. */
        private final com.fasterxml.jackson.databind.ObjectReader elements = json.readerFor(JsonNode.class)
                .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        private final JsonParser parser;
        private long number;

        JsonRows(InputStream in) throws IOException {
            this.parser = json.getFactory().createParser(in);
            try {
                var first = parser.nextToken();
                if (first == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        var name = parser.currentName();
                        var value = parser.nextToken();
                        if (name.equals("records") && value == JsonToken.START_ARRAY) {
                            return;
                        }
                        parser.skipChildren();
                    }
                    throw new BadRequest("the JSON object has no `records` array");
                }
                if (first != JsonToken.START_ARRAY) {
                    throw new BadRequest("the body must be a JSON array of records");
                }
            } catch (JsonProcessingException e) {
                throw malformed(e);
            }
        }

        @Override
        public RawRow next() throws IOException {
            try {
                var token = parser.nextToken();
                if (token == JsonToken.END_ARRAY || token == null) {
                    return null;
                }
                number++;
                JsonNode node = elements.readValue(parser);
                if (node instanceof ObjectNode object) {
                    return new RawRow(number, object, Map.of());
                }
                return new RawRow(number, null, Map.of("_row", "must be a JSON object of field values"));
            } catch (JsonProcessingException e) {
                throw malformed(e);
            }
        }

        private BadRequest malformed(JsonProcessingException e) {
            var location = e.getLocation();
            return new BadRequest("the body is not valid JSON" + (location == null ? "" : " at line " + location.getLineNr()
                    + ", column " + location.getColumnNr()) + " (record " + (number + 1) + "): " + e.getOriginalMessage());
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }
}
