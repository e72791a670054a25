package io.dbbasic.crud.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export and import over real HTTP: exact round trips, filters, all-or-nothing and skip_invalid, bad bodies. */
class ExportImportTest {
    static final String TAGS = """
            resource: tags
            api: {enable_export: true}
            fields:
              id: {type: primary_key}
              name: {type: string, required: true, unique: true}
            """;
    static final String ITEMS = """
            resource: items
            api: {enable_export: true}
            fields:
              id: {type: primary_key}
              title: {type: string, required: true, max_length: 200}
              body: {type: text}
              contact: {type: email}
              site: {type: url}
              status: {type: select, options: [draft, paid, void], default: draft}
              qty: {type: integer, min: -1000}
              price: {type: decimal, precision: 10, scale: 2}
              active: {type: boolean}
              due: {type: date}
              at: {type: timestamp}
              meta: {type: json}
              tag_id: {type: foreign_key, references: tags, on_delete: set_null}
              tags: {type: many_to_many, references: tags}
              parent_id: {type: foreign_key, references: items, on_delete: set_null}
              created_at: {type: timestamp, auto_now_add: true}
            """;
    static final Map<String, String> APP = Map.of("tags.yaml", TAGS, "items.yaml", ITEMS);

    @TempDir Path dirs;

    private static void seed(CrudApp app) {
        for (var name : List.of("red", "green, \"blue\"", "Ünïcödé 日本 🎉")) {
            assertThat(app.post("/api/tags", Json.newMapper().createObjectNode().put("name", name).toString()).status()).isEqualTo(201);
        }
        var items = List.of(
                """
                {"title":"Plain","body":"line1\\nline2, \\"quoted\\"","contact":"a@b.co","site":"https://x.org/a?b=1&c=2",
                 "status":"paid","qty":-5,"price":12.5,"active":true,"due":"2026-02-28","at":"2026-11-25T20:00:00.123Z",
                 "meta":{"a":[1,2,{"b":null}],"c":"x"},"tag_id":1,"tags":[3,1]}""",
                """
                {"title":"Nulls"}""",
                """
                {"title":"Empty strings","body":"","meta":"","price":0,"qty":0,"active":false,"tags":[]}""",
                """
                {"title":"  padded  ","body":"  ,;\\t tab\\r\\n","meta":[],"price":-0.01,"due":"1999-12-31","at":"2000-01-01T00:00:00Z","tags":[2]}""",
                """
                {"title":"json scalars","meta":123.450,"status":"void","site":"http://localhost:8080/"}""");
        for (var item : items) {
            var reply = app.post("/api/items", item);
            assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
        }
        // a reference to a later row: the import must accept it
        assertThat(app.call("PATCH", "/api/items/1", "{\"parent_id\":5}").status()).isEqualTo(200);
        assertThat(app.call("PATCH", "/api/items/5", "{\"meta\":true}").status()).isEqualTo(200);
    }

    static HttpRequest.Builder upload(CrudApp app, String path, String contentType, String body) {
        return HttpRequest.newBuilder(app.app.uri(path)).header("Content-Type", contentType).header("Authorization", app.bearer())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    static CrudApp.Reply send(CrudApp app, HttpRequest.Builder request) {
        var response = app.app.send(request);
        try {
            JsonNode body = response.body().isEmpty() ? null : Json.newMapper().readTree(response.body());
            return new CrudApp.Reply(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static String export(CrudApp app, String resource, String format) {
        var response = app.app.request("GET", "/api/" + resource + "/export/" + format, null, "Authorization", app.bearer());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void a_csv_export_imported_into_an_empty_app_reproduces_every_value() {
        try (var source = CrudApp.start(dirs.resolve("a"), APP); var target = CrudApp.start(dirs.resolve("b"), APP)) {
            seed(source);
            var tags = export(source, "tags", "csv");
            var items = export(source, "items", "csv");
            assertThat(items.lines().findFirst().orElseThrow())
                    .isEqualTo("id,title,body,contact,site,status,qty,price,active,due,at,meta,tag_id,tags,parent_id,created_at");

            var importedTags = send(target, upload(target, "/api/tags/import/csv", "text/csv", tags));
            assertThat(importedTags.status()).as(importedTags.raw().body()).isEqualTo(200);
            var importedItems = send(target, upload(target, "/api/items/import/csv", "text/csv", items));
            assertThat(importedItems.status()).as(importedItems.raw().body()).isEqualTo(200);
            assertThat(importedItems.body().toString()).isEqualTo("{\"imported\":5,\"skipped\":0,\"errors\":[]}");

            assertThat(export(target, "tags", "csv")).isEqualTo(tags);
            assertThat(export(target, "items", "csv")).isEqualTo(items);
            assertThat(target.get("/api/items?sort=id&limit=100").body()).isEqualTo(source.get("/api/items?sort=id&limit=100").body());
            assertThat(export(target, "items", "json")).isEqualTo(export(source, "items", "json"));
        }
    }

    @Test
    void a_json_export_imported_into_an_empty_app_reproduces_every_value_and_new_ids_follow_the_imported_ones() {
        try (var source = CrudApp.start(dirs.resolve("a"), APP); var target = CrudApp.start(dirs.resolve("b"), APP)) {
            seed(source);
            var tags = export(source, "tags", "json");
            var items = export(source, "items", "json");

            assertThat(send(target, upload(target, "/api/tags/import/json", "application/json", tags)).status()).isEqualTo(200);
            var imported = send(target, upload(target, "/api/items/import/json", "application/json", items));
            assertThat(imported.body().toString()).isEqualTo("{\"imported\":5,\"skipped\":0,\"errors\":[]}");

            assertThat(export(target, "items", "json")).isEqualTo(items);
            assertThat(export(target, "items", "csv")).isEqualTo(export(source, "items", "csv"));
            assertThat(target.get("/api/items/4").body()).isEqualTo(source.get("/api/items/4").body());
            var created = target.post("/api/items", "{\"title\":\"after the import\"}");
            assertThat(created.body().get("id").asLong()).isEqualTo(6);
        }
    }

    @Test
    void an_export_takes_the_list_filters_sort_and_fields() {
        try (var app = CrudApp.start(dirs, APP)) {
            seed(app);
            var csv = app.app.request("GET", "/api/items/export/csv?status=draft&fields=id,title&sort=-id", null, "Authorization", app.bearer());
            assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
            assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).isEqualTo("attachment; filename=\"items.csv\"");
            assertThat(csv.body()).isEqualTo("id,title\n4,\"  padded  \"\n3,\"Empty strings\"\n2,Nulls\n");
            var json = app.get("/api/items/export/json?price[gte]=0&fields=title");
            assertThat(json.body().toString()).isEqualTo("[{\"title\":\"Plain\"},{\"title\":\"Empty strings\"}]");
            assertThat(app.get("/api/items/export/json?nope=1").status()).isEqualTo(400);
            assertThat(app.get("/api/items/export/xml").status()).isEqualTo(400);
            assertThat(app.app.request("GET", "/api/items/export/csv?limit=2&offset=1", null, "Authorization", app.bearer()).body().lines().count()).isEqualTo(3);
        }
    }

    @Test
    void exports_are_off_unless_enabled() {
        try (var app = CrudApp.start(dirs, Map.of("notes.yaml", "resource: notes\nfields:\n  body: {type: text}\n"))) {
            var reply = app.get("/api/notes/export/csv");
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.body().get("detail").asText()).contains("enable_export");
        }
    }

    private static final String BAD_ROWS = """
            title,status,price,tags
            first,paid,1.50,
            ,paid,2,
            third,unknown,3,
            fourth,draft,x,1
            fifth,draft,5,"1,99"
            sixth,draft,6,"1,2"
            """;

    @Test
    void an_import_with_invalid_rows_writes_nothing_and_names_every_bad_row() {
        try (var app = CrudApp.start(dirs, APP)) {
            app.post("/api/tags", "{\"name\":\"one\"}");
            app.post("/api/tags", "{\"name\":\"two\"}");
            var reply = send(app, upload(app, "/api/items/import/csv", "text/csv", BAD_ROWS));
            assertThat(reply.status()).isEqualTo(422);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            assertThat(reply.body().get("imported").asLong()).isZero();
            assertThat(rows(reply.body())).containsExactly(2L, 3L, 4L);
            assertThat(reply.body().get("errors").get(0).get("errors").toString()).isEqualTo("{\"title\":\"is required\"}");
            assertThat(reply.body().get("errors").get(2).get("errors").get("price").asText()).contains("not a number");
            assertThat(app.get("/api/items").body().get("total").asLong()).isZero();
        }
    }

    @Test
    void skip_invalid_imports_the_good_rows_and_reports_the_others() {
        try (var app = CrudApp.start(dirs, APP)) {
            app.post("/api/tags", "{\"name\":\"one\"}");
            app.post("/api/tags", "{\"name\":\"two\"}");
            var reply = send(app, upload(app, "/api/items/import/csv?mode=skip_invalid", "text/csv", BAD_ROWS));
            assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
            assertThat(reply.body().get("imported").asLong()).isEqualTo(2);
            assertThat(reply.body().get("skipped").asLong()).isEqualTo(4);
            assertThat(rows(reply.body())).containsExactly(2L, 3L, 4L, 5L);
            assertThat(reply.body().get("errors").get(3).get("errors").get("tags").asText()).isEqualTo("no tags with id 99");
            var stored = app.get("/api/items?sort=id").body().get("records");
            assertThat(stored.get(0).get("title").asText()).isEqualTo("first");
            assertThat(stored.get(1).get("tags").toString()).isEqualTo("[1,2]");
        }
    }

    @Test
    void ids_given_in_the_file_are_kept_unless_taken_and_unique_values_are_checked_across_the_import() {
        try (var app = CrudApp.start(dirs, APP)) {
            app.post("/api/tags", "{\"name\":\"taken\"}");
            var json = """
                    [{"id":10,"name":"ten"},{"name":"no id"},{"id":1,"name":"id taken"},{"id":10,"name":"twice"},
                     {"name":"taken"},{"name":"ten"},"not an object"]""";
            var reply = send(app, upload(app, "/api/tags/import/json?mode=skip_invalid", "application/json", json));
            assertThat(reply.body().get("imported").asLong()).isEqualTo(2);
            var errors = reply.body().get("errors");
            assertThat(rows(reply.body())).containsExactly(3L, 4L, 5L, 6L, 7L);
            assertThat(errors.get(0).get("errors").get("id").asText()).isEqualTo("a record with id 1 already exists");
            assertThat(errors.get(1).get("errors").get("id").asText()).contains("twice");
            assertThat(errors.get(2).get("errors").get("name").asText()).isEqualTo("is already taken");
            assertThat(errors.get(3).get("errors").get("name").asText()).contains("row 1");
            assertThat(errors.get(4).get("errors").get("_row").asText()).contains("JSON object");
            assertThat(app.get("/api/tags/10").body().get("name").asText()).isEqualTo("ten");
            assertThat(app.get("/api/tags/11").body().get("name").asText()).isEqualTo("no id");
            assertThat(app.post("/api/tags", "{\"name\":\"next\"}").body().get("id").asLong()).isEqualTo(12);
        }
    }

    @Test
    void a_header_naming_an_unknown_field_or_a_malformed_body_is_refused_before_anything_is_written() {
        try (var app = CrudApp.start(dirs, APP)) {
            var header = send(app, upload(app, "/api/tags/import/csv", "text/csv", "name,colour\nred,blue\n"));
            assertThat(header.status()).isEqualTo(422);
            assertThat(header.body().get("errors").get("colour").asText()).startsWith("is not a field of tags");
            var json = send(app, upload(app, "/api/tags/import/json", "application/json", "[{\"name\":\"a\"}, {\"name\": "));
            assertThat(json.status()).isEqualTo(400);
            var csv = send(app, upload(app, "/api/tags/import/csv", "text/csv", "name\n\"unclosed\n"));
            assertThat(csv.status()).isEqualTo(400);
            var mode = send(app, upload(app, "/api/tags/import/csv?mode=some", "text/csv", "name\nx\n"));
            assertThat(mode.status()).isEqualTo(400);
            assertThat(app.get("/api/tags").body().get("total").asLong()).isZero();
        }
    }

    @Test
    void a_csv_may_start_with_a_byte_order_mark_and_leave_out_fields() {
        try (var app = CrudApp.start(dirs, APP)) {
            var reply = send(app, upload(app, "/api/items/import/csv", "text/csv", "\uFEFFtitle,qty\r\nfrom excel,3\r\n"));
            assertThat(reply.body().get("imported").asLong()).isEqualTo(1);
            var item = app.get("/api/items/1").body();
            assertThat(item.get("status").asText()).isEqualTo("draft");
            assertThat(item.get("created_at").isTextual()).isTrue();
        }
    }

    @Test
    void a_body_declared_over_one_gigabyte_is_refused_with_413() throws IOException {
        try (var app = CrudApp.start(dirs, APP); var socket = new Socket("localhost", app.app.port())) {
            var request = "POST /api/tags/import/csv HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\nAuthorization: " + app.bearer() + "\r\n"
                    + "Content-Length: " + (Imports.MAX_BYTES + 1) + "\r\nConnection: close\r\n\r\nname\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 413");
        }
    }

    static List<Long> rows(JsonNode body) {
        var rows = new ArrayList<Long>();
        body.get("errors").forEach(e -> rows.add(e.get("row").asLong()));
        return rows;
    }

    /** CSV rows made as they are read: the body never exists as a whole in memory. */
    static final class GeneratedCsv extends InputStream {
        private final int rows;
        private int next = 0;
        private byte[] current = "title,qty,price,body\n".getBytes(StandardCharsets.UTF_8);
        private int position = 0;

        GeneratedCsv(int rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            if (!fill()) {
                return -1;
            }
            return current[position++] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (!fill()) {
                return -1;
            }
            var count = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, count);
            position += count;
            return count;
        }

        private boolean fill() {
            while (position == current.length) {
                if (next == rows) {
                    return false;
                }
                next++;
                current = ("row " + next + "," + next + "," + (next % 1000) + ".25,\"some text, with a comma and a \"\"quote\"\" for row "
                        + next + "\"\n").getBytes(StandardCharsets.UTF_8);
                position = 0;
            }
            return true;
        }
    }
}
