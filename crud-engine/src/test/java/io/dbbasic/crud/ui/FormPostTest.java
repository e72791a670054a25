package io.dbbasic.crud.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the create and edit pages do with a posted form, over real HTTP (no browser). */
class FormPostTest {
    private static final String TAGS = """
            resource: tags
            fields:
              id: {type: primary_key}
              name: {type: string, required: true}
            """;
    private static final String THINGS = """
            resource: things
            fields:
              id: {type: primary_key}
              name: {type: string, required: true, max_length: 10}
              nickname: {type: string, unique: true}
              active: {type: boolean, default: true}
              tags: {type: many_to_many, references: tags}
              count: {type: integer, min: 0}
              size: {type: select, options: [small, large]}
            """;

    @TempDir Path dir;

    @Test
    void a_refused_create_answers_the_form_again_with_each_message_beside_its_field_and_the_values_sent() {
        try (var app = start()) {
            var page = post(app, "/ui/things/new", List.of(
                    Map.entry("_csrf", "x"), Map.entry("name", "far too long a name"), Map.entry("count", "-1"), Map.entry("nickname", "<b>n</b>")));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"field-name-error\">Name must be at most 10 characters")
                    .contains("id=\"field-count-error\">Count must be ≥ 0")
                    .contains("value=\"far too long a name\"")
                    .contains("value=\"&lt;b&gt;n&lt;/b&gt;\"")
                    .doesNotContain("<b>n</b>");
            assertThat(app.api("GET", "/api/things", null).get("total").asInt()).isZero();
        }
    }

    @Test
    void a_form_saves_unchecked_switches_as_false_emptied_tags_as_none_and_empty_boxes_as_no_value() {
        try (var app = start()) {
            var tag = app.api("POST", "/api/tags", "{\"name\":\"red\"}").get("id").asLong();
            var id = app.api("POST", "/api/things", "{\"name\":\"one\",\"nickname\":\"uno\",\"active\":true,\"tags\":[" + tag + "],\"count\":3,\"size\":\"small\"}")
                    .get("id").asLong();
            var saved = post(app, "/ui/things/" + id + "/edit", List.of(Map.entry("name", "one"), Map.entry("nickname", ""), Map.entry("count", ""), Map.entry("size", "")));
            assertThat(saved.statusCode()).isEqualTo(303);
            assertThat(saved.headers().firstValue("Location")).hasValue("/ui/things/" + id + "?notice=saved");
            var thing = app.api("GET", "/api/things/" + id, null);
            assertThat(thing.get("active").asBoolean()).isFalse();
            assertThat(thing.get("tags")).isEmpty();
            assertThat(thing.get("nickname").isNull()).isTrue();
            assertThat(thing.get("count").isNull()).isTrue();
            assertThat(thing.get("size").isNull()).isTrue();

            // two empty nicknames are two missing values, not a clash of the unique empty text
            assertThat(post(app, "/ui/things/new", List.of(Map.entry("name", "two"), Map.entry("nickname", ""))).statusCode()).isEqualTo(303);
        }
    }

    @Test
    void a_unique_value_taken_is_shown_beside_its_field() {
        try (var app = start()) {
            app.api("POST", "/api/things", "{\"name\":\"one\",\"nickname\":\"uno\"}");
            var page = post(app, "/ui/things/new", List.of(Map.entry("name", "two"), Map.entry("nickname", "uno")));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"field-nickname-error\"").contains("id=\"form-error\"");
        }
    }

    @Test
    void pages_for_missing_things_are_pages_that_say_so() {
        try (var app = start()) {
            var missing = app.app.request("GET", "/ui/things/99", null);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(missing.body()).contains("id=\"problem-detail\">no things with id 99");
            assertThat(app.app.request("GET", "/ui/nothing", null).body()).contains("no resource called nothing is served");
            assertThat(app.app.request("GET", "/ui/things/abc", null).statusCode()).isEqualTo(404);
            assertThat(app.app.request("GET", "/ui/things?bogus=1", null).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void a_detail_page_shows_every_field_and_says_so_when_the_event_store_cannot_give_the_history() {
        try (var app = start()) {
            var id = app.api("POST", "/api/things", "{\"name\":\"<i>x</i>\",\"count\":2}").get("id").asLong();
            var page = app.app.request("GET", "/ui/things/" + id, null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"record-heading\">&lt;i&gt;x&lt;/i&gt;</h1>")
                    .contains("History is not available: the event store cannot be reached.")
                    .contains("href=\"/ui/things/" + id + "/edit\"").contains("href=\"/ui/things/" + id + "/delete\"");
        }
    }

    @Test
    void a_form_uploads_a_file_shows_it_on_the_edit_page_and_its_remove_box_clears_it() throws Exception {
        var photos = "resource: photos\nfields:\n  id: {type: primary_key}\n  caption: {type: string}\n"
                + "  image: {type: file, accept: [image/png], max_size: 1MB}\n";
        try (var app = AdminApp.start(dir, Map.of("photos.yaml", photos))) {
            var png = java.util.Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
            var created = send(app, "/ui/photos/new", List.of(Map.entry("caption", "dot")), Map.of("image", png));
            assertThat(created.statusCode()).isEqualTo(303);
            var id = app.api("GET", "/api/photos", null).at("/records/0/id").asLong();
            assertThat(app.api("GET", "/api/photos/" + id, null).at("/image/content_type").asText()).isEqualTo("image/png");
            var edit = app.app.request("GET", "/ui/photos/" + id + "/edit", null).body();
            assertThat(edit).contains("class=\"img-thumbnail file-thumb\"").contains("accept=\"image/png\"").contains("data-max-size=\"1048576\"");

            var refused = send(app, "/ui/photos/" + id + "/edit", List.of(Map.entry("caption", "dot")), Map.of("image", "not a png".getBytes(StandardCharsets.UTF_8)));
            assertThat(refused.statusCode()).isEqualTo(200);
            assertThat(refused.body()).contains("id=\"field-image-error\">Image must be image/png (this file is text/plain)");

            assertThat(send(app, "/ui/photos/" + id + "/edit", List.of(Map.entry("caption", "dot"), Map.entry("image", "")), Map.of()).statusCode()).isEqualTo(303);
            assertThat(app.api("GET", "/api/photos/" + id, null).get("image").isNull()).isTrue();
        }
    }

    private AdminApp start() {
        return AdminApp.start(dir, Map.of("tags.yaml", TAGS, "things.yaml", THINGS));
    }

    private static HttpResponse<String> post(AdminApp app, String path, List<Map.Entry<String, String>> fields) {
        return send(app, path, fields, Map.of());
    }

    /** A multipart/form-data POST, as a browser sends the page's form: text fields, then files. */
    private static HttpResponse<String> send(AdminApp app, String path, List<Map.Entry<String, String>> fields, Map<String, byte[]> files) {
        var boundary = "----form" + UUID.randomUUID();
        var body = new java.io.ByteArrayOutputStream();
        for (var field : fields) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        files.forEach((name, bytes) -> {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name
                    + ".png\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(bytes);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        });
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return app.app.send(HttpRequest.newBuilder(app.app.uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }
}
