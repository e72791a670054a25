package io.dbbasic.ai.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.ai.TestApps;
import io.dbbasic.common.json.Json;
import io.dbbasic.testing.RunningApp;
import io.dbbasic.testing.Stack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The offline generator over HTTP: one description per hook family becomes a draft whose code passes
 * the gate and the tests derived from its rules; what it cannot read, or the sandbox forbids, is 422.
 */
class OfflineGenerationTest {
    private static final ObjectMapper JSON = Json.newMapper();
    @TempDir
    static Path dir;
    private static RunningApp app;

    @BeforeAll
    static void start() throws Exception {
        var appDir = Files.createDirectories(dir.resolve("app"));
        var blog = Stack.repositoryRoot().resolve("templates/blog");
        for (var name : List.of("posts.yaml", "users.yaml", "categories.yaml")) {
            Files.copy(blog.resolve(name), appDir.resolve(name));
        }
        app = TestApps.start(dir);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static HttpResult generate(String name, String description, String resource, String event, List<Map<String, Object>> examples) throws Exception {
        var body = new HashMap<String, Object>();
        body.put("name", name);
        body.put("description", description);
        if (resource != null) {
            body.put("resource", resource);
        }
        if (event != null) {
            body.put("event", event);
        }
        if (examples != null) {
            body.put("examples", examples);
        }
        var response = app.post("/api/services/generate", JSON.writeValueAsString(body));
        return new HttpResult(response.statusCode(), JSON.readTree(response.body()));
    }

    record HttpResult(int status, JsonNode body) {}

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            slug_from_title   | posts  | Generate a slug from the title.                                                     | slug(
            normalise_text    | posts  | Trim the title and the excerpt. Lowercase the slug.                                  | toLowerCase(Locale.ROOT)
            join_names        |        | Join first_name and last_name with a space into full_name.                           | String.join(" "
            computed_total    |        | Set total to quantity times unit_price plus shipping, rounded to 2 decimals.         | setScale(2
            threshold_disc    |        | Apply a 10% discount when subtotal is over 100.                                      | 0.10
            sales_tax         |        | Add 8.25% tax on subtotal.                                                           | 0.0825
            word_count        | posts  | Set reading_minutes to the reading time of content at 200 words per minute.             | words(
            count_words       |        | Count the words in body into word_count.                                             | words(
            excerpt_first     | posts  | Set excerpt to the first 120 characters of content if it is empty.                      | lastIndexOf
            defaults          |        | Default status to draft. If priority is empty, set it to 3.                          | r.isBlank("status")
            required_if       |        | Phone is required when contact_method is phone.                                      | is required when
            ranges_patterns   |        | Quantity must be between 1 and 100. Code must match "^[A-Z]{3}$". Email must be a valid email. | matcher(
            date_order        |        | end_date must be after start_date. due_date must be in the future.                   | getTimestamp
            reject_message    |        | Reject if amount is over 10,000 with message "Amounts over 10,000 need approval".   | HookResult.reject("Amounts over 10,000 need approval")
            conditional_set   |        | If total_spent is at least 1000 then set tier to gold. Set tier to basic when total_spent is under 1000. | "gold"
            transitions       | posts  | Status can only change from draft to published or archived. Status can change from published to archived or draft. Status can change from archived to draft. | published>archived
            frozen            |        | Once status is shipped, it cannot change. The order_number cannot be changed.        | cannot be changed
            """)
    void generates_a_tested_draft_for_each_hook_family(String name, String resource, String description, String codeContains) throws Exception {
        var result = generate(name, description, resource, null, null);

        assertThat(result.status()).as(result.body().toPrettyString()).isEqualTo(201);
        var body = result.body();
        assertThat(body.get("generator").asText()).isEqualTo("offline");
        assertThat(body.get("status").asText()).isEqualTo("draft");
        assertThat(body.get("compiled").asBoolean()).isTrue();
        assertThat(body.get("violations")).isEmpty();
        assertThat(body.get("code").asText()).contains(codeContains);
        assertThat(body.get("tests")).isNotEmpty().allSatisfy(t -> assertThat(t.get("passed").asBoolean()).as(t.toString()).isTrue());
        assertThat(dir.resolve("services/" + name + ".java")).exists();
    }

    @Test
    void a_generated_hook_runs_after_activation() throws Exception {
        var made = generate("make_slug", "Generate a slug from the title.", "posts", "before_create",
                List.of(Map.of("input", Map.of("title", "Hello DBBasic World"), "expected", Map.of("slug", "hello-dbbasic-world"))));
        assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
        assertThat(made.body().get("tests").get(0).get("name").asText()).isEqualTo("example 1");

        assertThat(app.post("/api/services/make_slug/activate", "{}").statusCode()).isEqualTo(200);
        var reply = JSON.readTree(app.post("/api/services/make_slug/invoke",
                "{\"event\":\"before_create\",\"resource\":\"posts\",\"record\":{\"title\":\"Crème Brûlée Recipes\"}}").body());

        assertThat(reply.get("record").get("slug").asText()).isEqualTo("creme-brulee-recipes");
    }

    @Test
    void says_what_it_understood_and_what_not() throws Exception {
        var result = generate("vague", "Trim the title. Make the post sparkle with joy.", null, null, null);

        assertThat(result.status()).isEqualTo(422);
        var errors = result.body().get("errors");
        assertThat(errors.get("understood").get(0).asText()).isEqualTo("trim title");
        assertThat(errors.get("not_understood").get(0).asText()).isEqualTo("Make the post sparkle with joy.");
        assertThat(dir.resolve("services/vague.java")).doesNotExist();
    }

    @Test
    void names_unknown_fields_of_the_resource() throws Exception {
        var result = generate("headline_slug", "Generate a slug from the headline.", "posts", null, null);

        assertThat(result.status()).isEqualTo(422);
        assertThat(result.body().get("errors").get("not_understood").toString()).contains("posts has no field headline");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Send an email to the author when a post is published.     | network
            Fetch the exchange rate from the currency API.            | network
            Read the price list from a file on disk.                  | file
            Run a shell command to resize the cover image.            | processes
            Loop forever until the total is right.                    | endless
            Look up the customer's orders in the database.            | database
            """)
    void refuses_what_the_sandbox_forbids(String description, String reason) throws Exception {
        var result = generate("forbidden", description, null, null, null);

        assertThat(result.status()).isEqualTo(422);
        assertThat(result.body().get("detail").asText()).contains(reason);
        assertThat(dir.resolve("services/forbidden.java")).doesNotExist();
    }

    @Test
    void never_saves_code_that_fails_the_callers_examples() throws Exception {
        var result = generate("wrong_example", "Set total to quantity times price.", null, null,
                List.of(Map.of("name", "doubles", "input", Map.of("record", Map.of("quantity", 2, "price", 5)),
                        "expected", Map.of("record", Map.of("total", 11)))));

        assertThat(result.status()).isEqualTo(422);
        assertThat(result.body().get("errors").get("tests").get(0).get("name").asText()).isEqualTo("doubles");
        assertThat(dir.resolve("services/wrong_example.java")).doesNotExist();
    }

    @Test
    void refuses_a_taken_name_and_a_bad_event() throws Exception {
        assertThat(generate("validate_me", "Trim the title.", null, null, null).status()).isEqualTo(201);
        assertThat(generate("validate_me", "Trim the title.", null, null, null).status()).isEqualTo(409);
        assertThat(generate("other", "Trim the title.", null, "before_lunch", null).status()).isEqualTo(422);
        assertThat(generate("other", " ", null, null, null).status()).isEqualTo(422);
    }
}
