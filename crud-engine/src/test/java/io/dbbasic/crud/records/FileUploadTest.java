package io.dbbasic.crud.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File fields over real HTTP: multipart uploads with typed form fields, type and size checks, downloads, clean-up. */
class FileUploadTest {
    private static final String DOCS = """
            resource: docs
            fields:
              id: {type: primary_key}
              title: {type: string, required: true}
              pages: {type: integer}
              cover: {type: file, accept: [image/png, .pdf], max_size: 2KB}
              attachment: {type: file}
            """;
    static final byte[] PNG = bytes(new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'}, 200);
    static final byte[] PDF = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir Path dirs;

    private static byte[] bytes(int[] head, int length) {
        var bytes = new byte[length];
        for (var i = 0; i < head.length; i++) {
            bytes[i] = (byte) head[i];
        }
        return bytes;
    }

    /** A multipart/form-data body: text parts as {@code name → String}, file parts as {@code name → Part}. */
    record Part(String fileName, String contentType, byte[] content) {}

    static HttpRequest.Builder multipart(CrudApp app, String method, String path, Map<String, Object> parts) {
        var boundary = "----dbbasic-test-boundary";
        var body = new ByteArrayOutputStream();
        try {
            for (var entry : parts.entrySet()) {
                body.write(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
                if (entry.getValue() instanceof Part file) {
                    body.write(("Content-Disposition: form-data; name=\"" + entry.getKey() + "\"; filename=\"" + file.fileName() + "\"\r\n"
                            + "Content-Type: " + file.contentType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
                    body.write(file.content());
                } else {
                    body.write(("Content-Disposition: form-data; name=\"" + entry.getKey() + "\"\r\n\r\n" + entry.getValue())
                            .getBytes(StandardCharsets.UTF_8));
                }
                body.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HttpRequest.newBuilder(app.app.uri(path)).header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Authorization", app.bearer())
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    private static HttpResponse<byte[]> download(CrudApp app, String path, String... headers) {
        try {
            var request = HttpRequest.newBuilder(app.app.uri(path)).header("Authorization", app.bearer()).GET();
            for (var i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> storedFiles(CrudApp app) throws IOException {
        var root = app.dataDir.resolve("files");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.startsWith(root.resolve(".incoming"))).toList();
        }
    }

    @Test
    void a_multipart_create_stores_the_file_and_types_the_form_fields() throws IOException {
        try (var app = CrudApp.start(dirs, Map.of("docs.yaml", DOCS))) {
            var reply = ExportImportTest.send(app, multipart(app, "POST", "/api/docs",
                    Map.of("title", "Annual report", "pages", "12", "cover", new Part("../../etc/cover.png", "text/plain", PNG))));
            assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
            assertThat(reply.body().get("pages").asInt()).isEqualTo(12);
            assertThat(reply.body().get("cover").toString())
                    .isEqualTo("{\"name\":\"cover.png\",\"url\":\"/api/docs/1/files/cover\",\"size\":200,\"content_type\":\"image/png\"}");
            assertThat(reply.body().get("attachment").isNull()).isTrue();

            var stored = storedFiles(app);
            assertThat(stored).singleElement().satisfies(p -> {
                assertThat(p.getParent()).isEqualTo(app.dataDir.resolve("files/docs/1/cover"));
                assertThat(p.getFileName().toString()).matches("[0-9a-f-]{36}\\.png");
            });

            var file = download(app, "/api/docs/1/files/cover");
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).isEqualTo(PNG);
            assertThat(file.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("image/png");
            assertThat(file.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline; filename=\"cover.png\"");
            assertThat(file.headers().firstValue("X-Content-Type-Options").orElseThrow()).isEqualTo("nosniff");
            var etag = file.headers().firstValue("ETag").orElseThrow();
            assertThat(download(app, "/api/docs/1/files/cover", "If-None-Match", etag).statusCode()).isEqualTo(304);
        }
    }

    @Test
    void a_file_of_the_wrong_type_or_size_is_a_422_naming_the_field_and_nothing_is_kept() throws IOException {
        try (var app = CrudApp.start(dirs, Map.of("docs.yaml", DOCS))) {
            var disguised = ExportImportTest.send(app, multipart(app, "POST", "/api/docs",
                    Map.of("title", "x", "cover", new Part("photo.png", "image/png", "just text, not a PNG".getBytes(StandardCharsets.UTF_8)))));
            assertThat(disguised.status()).isEqualTo(422);
            assertThat(disguised.body().get("errors").get("cover").asText()).isEqualTo("must be image/png or .pdf (this file is text/plain)");

            var renamed = ExportImportTest.send(app, multipart(app, "POST", "/api/docs",
                    Map.of("title", "x", "cover", new Part("report.pdf", "application/pdf", PNG))));
            assertThat(renamed.status()).as("a PNG named .pdf is a PNG, and image/png is accepted").isEqualTo(201);

            var pdf = ExportImportTest.send(app, multipart(app, "POST", "/api/docs",
                    Map.of("title", "x", "cover", new Part("report.pdf", "application/octet-stream", PDF))));
            assertThat(pdf.status()).isEqualTo(201);
            assertThat(pdf.body().get("cover").get("content_type").asText()).isEqualTo("application/pdf");

            var big = ExportImportTest.send(app, multipart(app, "POST", "/api/docs",
                    Map.of("title", "x", "cover", new Part("big.png", "image/png", bytes(new int[] {0x89, 'P', 'N', 'G'}, 3000)))));
            assertThat(big.status()).isEqualTo(422);
            assertThat(big.body().get("errors").get("cover").asText()).isEqualTo("must be at most 2 KB (this file is 2.9 KB)");

            var wrongField = ExportImportTest.send(app, multipart(app, "POST", "/api/docs",
                    Map.of("title", new Part("t.txt", "text/plain", PDF), "pages", "many")));
            assertThat(wrongField.status()).isEqualTo(422);
            assertThat(wrongField.body().get("errors").get("title").asText()).contains("not a file field");

            var invalidForm = ExportImportTest.send(app, multipart(app, "POST", "/api/docs",
                    Map.of("pages", "many", "cover", new Part("c.png", "image/png", PNG))));
            assertThat(invalidForm.status()).isEqualTo(422);
            assertThat(invalidForm.body().get("errors").get("pages").asText()).contains("not a whole number");

            assertThat(storedFiles(app)).hasSize(2);
            try (var incoming = Files.list(app.dataDir.resolve("files/.incoming"))) {
                assertThat(incoming.toList()).isEmpty();
            }
        }
    }

    @Test
    void a_replaced_or_deleted_file_leaves_no_bytes_behind() throws IOException {
        try (var app = CrudApp.start(dirs, Map.of("docs.yaml", DOCS))) {
            ExportImportTest.send(app, multipart(app, "POST", "/api/docs", Map.of("title", "a", "cover", new Part("a.png", "image/png", PNG))));
            var first = storedFiles(app);

            var replaced = ExportImportTest.send(app, multipart(app, "PATCH", "/api/docs/1", Map.of("cover", new Part("b.pdf", "application/pdf", PDF))));
            assertThat(replaced.status()).as(replaced.raw().body()).isEqualTo(200);
            assertThat(replaced.body().get("title").asText()).isEqualTo("a");
            assertThat(replaced.body().get("cover").get("name").asText()).isEqualTo("b.pdf");
            assertThat(storedFiles(app)).hasSize(1).doesNotContainAnyElementsOf(first);
            assertThat(download(app, "/api/docs/1/files/cover").body()).isEqualTo(PDF);

            var put = ExportImportTest.send(app, multipart(app, "PUT", "/api/docs/1",
                    Map.of("title", "b", "attachment", new Part("notes.txt", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)))));
            assertThat(put.status()).isEqualTo(200);
            assertThat(put.body().get("cover").get("name").asText()).as("a file changes only by an upload or null, even on PUT").isEqualTo("b.pdf");
            assertThat(storedFiles(app)).hasSize(2).anySatisfy(p -> assertThat(p.toString()).contains("/docs/1/attachment/"));
            assertThat(app.call("PATCH", "/api/docs/1", "{\"cover\":null}").status()).isEqualTo(200);
            assertThat(storedFiles(app)).singleElement().satisfies(p -> assertThat(p.toString()).contains("/docs/1/attachment/"));
            var text = download(app, "/api/docs/1/files/attachment");
            assertThat(text.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("text/plain");

            var cleared = app.call("PATCH", "/api/docs/1", "{\"attachment\":null}");
            assertThat(cleared.status()).isEqualTo(200);
            assertThat(storedFiles(app)).isEmpty();

            ExportImportTest.send(app, multipart(app, "PATCH", "/api/docs/1", Map.of("cover", new Part("c.png", "image/png", PNG))));
            assertThat(storedFiles(app)).hasSize(1);
            assertThat(app.call("DELETE", "/api/docs/1", null).status()).isEqualTo(204);
            assertThat(storedFiles(app)).isEmpty();
        }
    }

    @Test
    void downloads_are_404_for_no_file_no_record_or_no_such_field() {
        try (var app = CrudApp.start(dirs, Map.of("docs.yaml", DOCS))) {
            app.post("/api/docs", "{\"title\":\"no files\"}");
            assertThat(app.get("/api/docs/1/files/cover").status()).isEqualTo(404);
            assertThat(app.get("/api/docs/2/files/cover").status()).isEqualTo(404);
            assertThat(app.get("/api/docs/1/files/title").status()).isEqualTo(404);
            assertThat(app.get("/api/docs/1/files/nope").status()).isEqualTo(404);
            var json = app.post("/api/docs", "{\"title\":\"x\",\"cover\":{\"name\":\"a.png\"}}");
            assertThat(json.status()).isEqualTo(422);
            assertThat(json.body().get("errors").get("cover").asText()).contains("multipart/form-data");
        }
    }

    @Test
    void an_html_or_svg_upload_is_served_as_a_download_that_cannot_run_script() {
        try (var app = CrudApp.start(dirs, Map.of("docs.yaml", DOCS))) {
            var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes(StandardCharsets.UTF_8);
            var reply = ExportImportTest.send(app, multipart(app, "POST", "/api/docs",
                    Map.of("title", "svg", "attachment", new Part("x.png", "image/png", svg))));
            assertThat(reply.body().get("attachment").get("content_type").asText()).isEqualTo("image/svg+xml");
            var file = download(app, "/api/docs/1/files/attachment");
            assertThat(file.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;");
            assertThat(file.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("sandbox");
            assertThat(Arrays.equals(file.body(), svg)).isTrue();
        }
    }
}
