package io.dbbasic.crud.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.yaml.AppLoader;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The generated document, for the blog template and for resources written from scratch. */
class OpenApiGeneratorTest {
    private static final Path BLOG = Path.of("..", "templates", "blog");
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    /** Every field type, a custom base path, export without bulk, a write-only rate limit, custom endpoints. */
    private static final String INVOICES = """
            resource: invoices
            title: Invoices
            fields:
              number: {type: primary_key}
              code: {type: string, required: true, max_length: 12, min_length: 4, pattern: '[A-Z]+-[0-9]+'}
              notes: text
              contact: {type: email, required: true}
              link: url
              state: {type: select, options: [open, paid, void], default: open, required: true}
              lines: integer
              total: {type: decimal, precision: 10, scale: 2, min: 0}
              ratio: {type: decimal, precision: 5, scale: 4, min: -1, max: 1}
              paid: boolean
              due: date
              sent_at: timestamp
              extra: json
              customer_id: {type: foreign_key, references: customers}
              tags: {type: many_to_many, references: customers}
              scan: {type: file, accept: [application/pdf, .pdf], max_size: 1MB}
              limit: integer
              views: {type: integer, ui: {readonly: true}}
              created_at: {type: timestamp, auto_now_add: true}
            permissions: {read: public, create: authenticated, update: [admin, accountant], delete: admin}
            api:
              base_path: /api/billing/invoices
              enable_export: true
              rate_limiting: {write: 10/minute}
              custom_endpoints:
                - path: /open
                  filter: {state: open}
                  ordering: [-due]
                - path: /by-customer/{customer_id}/since/{day}
                  description: One customer's invoices since a day
                  filter: {customer_id: "{customer_id}", "due[gte]": "{day}"}
            """;
    private static final String CUSTOMERS = """
            resource: customers
            fields:
              name: {type: string, required: true}
            """;

    private final OpenApiGenerator generator = new OpenApiGenerator(Json.newMapper(), "1.2.3");

    // ---- the blog template

    @Test
    void the_blog_document_is_valid_openapi_3_1() {
        var document = blog();
        assertValid(document);
        assertThat(document.path("info").path("version").asText()).isEqualTo("1.2.3");
    }

    @Test
    void each_blog_resource_has_a_schema_with_its_types_formats_limits_and_required_fields() {
        var schemas = blog().path("components").path("schemas");
        assertThat(schemas.has("posts")).isTrue();
        assertThat(schemas.has("categories")).isTrue();
        assertThat(schemas.has("users")).isTrue();

        var posts = schemas.path("posts").path("properties");
        assertThat(posts.path("id").path("type").asText()).isEqualTo("integer");
        assertThat(posts.path("id").path("format").asText()).isEqualTo("int64");
        assertThat(posts.path("id").path("readOnly").asBoolean()).isTrue();
        assertThat(posts.path("title").path("type").asText()).isEqualTo("string");
        assertThat(posts.path("title").path("maxLength").asInt()).isEqualTo(200);
        assertThat(posts.path("title").path("minLength").asInt()).isEqualTo(3);
        assertThat(types(posts.path("slug"))).containsExactly("string", "null");
        assertThat(posts.path("slug").path("pattern").asText()).isEqualTo("^[a-z0-9]+(-[a-z0-9]+)*$");
        assertThat(texts(posts.path("status").path("enum"))).containsExactly("draft", "published", "archived", "null");
        assertThat(posts.path("status").path("default").asText()).isEqualTo("draft");
        assertThat(posts.path("canonical_url").path("format").asText()).isEqualTo("uri");
        assertThat(posts.path("planned_for").path("format").asText()).isEqualTo("date");
        assertThat(posts.path("published_at").path("format").asText()).isEqualTo("date-time");
        assertThat(types(posts.path("featured"))).containsExactly("boolean", "null");
        assertThat(posts.path("reading_minutes").path("minimum").asInt()).isEqualTo(1);
        assertThat(posts.path("reading_minutes").path("maximum").asInt()).isEqualTo(240);
        assertThat(posts.path("metadata").has("type")).as("json is any value").isFalse();
        assertThat(posts.path("secondary_categories").path("type").asText()).isEqualTo("array");
        assertThat(posts.path("secondary_categories").path("items").path("format").asText()).isEqualTo("int64");
        assertThat(posts.path("author_id").path("format").asText()).isEqualTo("int64");
        assertThat(posts.path("author_id").path("title").asText()).isEqualTo("Author");
        assertThat(names(posts.path("cover_image").path("properties"))).containsExactly("name", "url", "size", "content_type");
        assertThat(posts.path("view_count").path("readOnly").asBoolean()).as("ui.readonly").isTrue();
        assertThat(posts.path("updated_by").path("readOnly").asBoolean()).as("auto_user").isTrue();
        assertThat(posts.path("created_at").path("readOnly").asBoolean()).as("auto_now_add").isTrue();
        assertThat(posts.path("created_at").path("type").asText()).as("always set").isEqualTo("string");
        assertThat(texts(schemas.path("posts").path("required"))).containsExactly("title", "content");

        assertThat(schemas.path("users").path("properties").path("email").path("format").asText()).isEqualTo("email");
        assertThat(schemas.path("users").path("properties").path("email").path("maxLength").asInt()).isEqualTo(254);
        assertThat(schemas.path("users").has("required")).as("no users field is required").isFalse();
        assertThat(texts(schemas.path("categories").path("required"))).containsExactly("name", "slug");
        assertThat(schemas.path("categories").path("properties").path("color").path("default").asText()).isEqualTo("#6c757d");
    }

    @Test
    void write_bodies_list_only_the_fields_a_client_may_send() {
        var schemas = blog().path("components").path("schemas");
        var input = schemas.path("posts.input");
        assertThat(names(input.path("properties"))).contains("title", "status", "cover_image")
                .doesNotContain("id", "view_count", "updated_by", "created_at", "updated_at");
        assertThat(input.path("additionalProperties").asBoolean(true)).as("an unknown key is a 422").isFalse();
        assertThat(texts(input.path("required"))).containsExactly("title", "content");
        assertThat(input.path("properties").path("cover_image").path("type").asText()).as("files only clear in JSON").isEqualTo("null");
        assertThat(schemas.path("posts.patch").has("required")).isFalse();
        var multipart = schemas.path("posts.multipart").path("properties").path("cover_image");
        assertThat(multipart.path("format").asText()).isEqualTo("binary");
        assertThat(texts(schemas.path("posts.bulk-patch").path("required"))).containsExactly("id");
        assertThat(schemas.has("categories.multipart")).isFalse();
        assertThat(schemas.has("categories.bulk-patch")).isFalse();
    }

    @Test
    void the_blog_paths_cover_every_endpoint_and_bulk_and_export_only_where_enabled() {
        var paths = blog().path("paths");
        assertThat(names(paths)).contains(
                "/api/posts", "/api/posts/{id}", "/api/posts/bulk", "/api/posts/export/csv", "/api/posts/export/json",
                "/api/posts/import/csv", "/api/posts/import/json", "/api/posts/aggregate", "/api/posts/{id}/files/{field}",
                "/api/posts/published", "/api/posts/featured", "/api/posts/by-category/{category_id}",
                "/api/categories", "/api/categories/{id}", "/api/categories/import/csv", "/api/categories/aggregate",
                "/api/users/{id}/files/{field}",
                "/api/models", "/api/auth/login", "/api/auth/logout", "/api/auth/me", "/api/auth/password",
                "/api/auth/users", "/api/auth/users/{id}", "/api/auth/tokens", "/api/auth/tokens/{id}",
                "/api/system/tasks", "/api/system/tasks/{id}/retry", "/health", "/metrics");
        assertThat(names(paths)).doesNotContain("/api/categories/bulk", "/api/categories/export/csv",
                "/api/users/bulk", "/api/users/export/json", "/api/categories/{id}/files/{field}");
        assertThat(names(paths.path("/api/posts/bulk"))).containsExactly("post", "patch", "delete");
        assertThat(names(paths.path("/api/posts/{id}"))).containsExactly("parameters", "get", "put", "patch", "delete");
        assertThat(names(paths.path("/api/posts"))).containsExactly("get", "post");
        assertThat(texts(paths.path("/api/posts/{id}/files/{field}").path("get").path("parameters").path(1).path("schema").path("enum")))
                .containsExactly("cover_image");
    }

    @Test
    void custom_endpoints_are_get_operations_with_their_path_parameters_typed_by_the_field_they_fill() {
        var document = blog();
        var byCategory = document.path("paths").path("/api/posts/by-category/{category_id}").path("get");
        assertThat(byCategory.path("summary").asText()).isEqualTo("Published posts of one category, newest first");
        var parameter = parameters(document, byCategory).get(0);
        assertThat(parameter.path("name").asText()).isEqualTo("category_id");
        assertThat(parameter.path("in").asText()).isEqualTo("path");
        assertThat(parameter.path("required").asBoolean()).isTrue();
        assertThat(parameter.path("schema").path("format").asText()).isEqualTo("int64");
        assertThat(byCategory.path("description").asText()).contains("`status=published`", "`-published_at,title`");
        assertThat(byCategory.path("responses").path("200").path("content").path("application/json").path("schema").path("$ref").asText())
                .isEqualTo("#/components/schemas/posts.page");
        assertThat(queryNames(document, byCategory)).contains("q", "sort", "limit", "offset", "fields", "expand", "status");
    }

    @Test
    void the_list_takes_a_deep_object_filter_per_field_and_every_list_parameter() {
        var document = blog();
        var list = document.path("paths").path("/api/posts").path("get");
        var parameters = byName(parameters(document, list));
        assertThat(parameters.keySet()).contains("title", "status", "published_at", "metadata", "q", "sort", "limit", "offset",
                "fields", "expand");

        var title = parameters.get("title");
        assertThat(title.path("style").asText()).isEqualTo("deepObject");
        assertThat(title.path("explode").asBoolean()).isTrue();
        assertThat(names(title.path("schema").path("properties")))
                .containsExactly("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "contains", "startswith", "null");
        assertThat(names(parameters.get("published_at").path("schema").path("properties")))
                .containsExactly("eq", "ne", "gt", "gte", "lt", "lte", "in", "nin", "null");
        assertThat(parameters.get("published_at").path("schema").path("properties").path("gte").path("format").asText()).isEqualTo("date-time");
        assertThat(names(parameters.get("metadata").path("schema").path("properties"))).containsExactly("null");
        assertThat(texts(parameters.get("status").path("schema").path("properties").path("eq").path("enum")))
                .containsExactly("draft", "published", "archived");

        assertThat(texts(parameters.get("sort").path("schema").path("items").path("enum"))).contains("title", "-published_at")
                .doesNotContain("metadata", "cover_image", "secondary_categories");
        assertThat(parameters.get("sort").path("explode").asBoolean(true)).isFalse();
        assertThat(parameters.get("limit").path("schema").path("default").asInt()).isEqualTo(25);
        assertThat(texts(parameters.get("expand").path("schema").path("items").path("enum")))
                .containsExactly("author_id", "category_id", "secondary_categories", "updated_by");
        var categories = byName(parameters(document, document.path("paths").path("/api/categories").path("get")));
        assertThat(categories.get("limit").path("schema").path("default").asInt()).as("interface.per_page").isEqualTo(50);
    }

    @Test
    void reads_and_writes_carry_their_conditional_headers_and_statuses() {
        var paths = blog().path("paths");
        var get = paths.path("/api/posts/{id}").path("get");
        assertThat(refs(get.path("parameters"))).contains("#/components/parameters/IfNoneMatch");
        assertThat(names(get.path("responses"))).contains("200", "304", "404");
        assertThat(get.path("responses").path("200").path("headers").has("ETag")).isTrue();

        var create = paths.path("/api/posts").path("post");
        assertThat(names(create.path("responses"))).contains("201", "409", "413", "422");
        assertThat(names(create.path("responses").path("201").path("headers"))).contains("Location", "ETag");
        assertThat(names(create.path("requestBody").path("content"))).containsExactly("application/json", "multipart/form-data");
        assertThat(create.path("requestBody").path("content").path("multipart/form-data").path("encoding").path("cover_image")
                .path("contentType").asText()).isEqualTo("image/png, image/jpeg, image/webp");
        assertThat(names(create.path("responses"))).as("posts has before_create hooks").contains("503");

        for (var method : List.of("put", "patch", "delete")) {
            var op = paths.path("/api/posts/{id}").path(method);
            assertThat(refs(op.path("parameters"))).as(method).contains("#/components/parameters/IfMatch");
            assertThat(names(op.path("responses"))).as(method).contains("412", "404");
        }
        assertThat(names(paths.path("/api/posts/{id}").path("delete").path("responses"))).contains("204", "409");
        assertThat(names(paths.path("/api/posts/{id}").path("patch").path("requestBody").path("content"))).containsExactly("application/json");

        var importJson = paths.path("/api/posts/import/json").path("post");
        assertThat(texts(importJson.path("parameters").path(0).path("schema").path("enum"))).containsExactly("skip_invalid");
        assertThat(importJson.path("responses").path("200").path("content").path("application/json").path("schema").path("$ref").asText())
                .isEqualTo("#/components/schemas/ImportResult");
        assertThat(names(paths.path("/api/posts/export/csv").path("get").path("responses").path("200").path("content"))).containsExactly("text/csv");
        var aggregate = paths.path("/api/posts/aggregate").path("get");
        assertThat(texts(byName(aggregate.path("parameters")).get("metrics").path("schema").path("items").path("enum")))
                .contains("count", "sum:reading_minutes", "avg:view_count");
    }

    @Test
    void errors_are_one_problem_schema_served_as_problem_json() {
        var document = blog();
        var responses = document.path("components").path("responses");
        for (var name : List.of("BadRequest", "Unauthorized", "Forbidden", "NotFound", "Conflict", "PreconditionFailed",
                "TooLarge", "ValidationFailed", "RateLimited", "Unavailable")) {
            assertThat(responses.path(name).path("content").path("application/problem+json").path("schema").path("$ref").asText())
                    .as(name).isEqualTo("#/components/schemas/Problem");
        }
        assertThat(responses.path("RateLimited").path("headers").has("Retry-After")).isTrue();
        var problem = document.path("components").path("schemas").path("Problem");
        assertThat(names(problem.path("properties"))).containsExactly("type", "status", "title", "detail", "errors");
        // every 4xx and 5xx of every operation is a reference to one of these responses
        operations(document).forEach(op -> op.path("responses").properties().forEach(e -> {
            if (e.getKey().startsWith("4") || e.getKey().startsWith("5")) {
                assertThat(e.getValue().path("$ref").asText()).startsWith("#/components/responses/");
            }
        }));
    }

    @Test
    void security_is_a_bearer_token_or_the_session_cookie_and_public_rules_make_it_optional() {
        var document = blog();
        var schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("bearerAuth").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("sessionCookie").path("in").asText()).isEqualTo("cookie");
        assertThat(schemes.path("sessionCookie").path("name").asText()).isEqualTo("dbbasic_session");
        assertThat(document.path("security")).hasSize(2);

        var paths = document.path("paths");
        assertThat(paths.path("/api/categories").path("get").path("security").path(0).isEmpty()).as("read: public").isTrue();
        assertThat(paths.path("/api/categories").path("get").path("responses").has("401")).isFalse();
        assertThat(paths.path("/api/categories").path("post").has("security")).as("create: admin").isFalse();
        assertThat(names(paths.path("/api/categories").path("post").path("responses"))).contains("401", "403");
        assertThat(paths.path("/api/posts").path("get").path("security").path(0).isEmpty()).as("published: public").isTrue();
        assertThat(paths.path("/api/posts").path("get").path("responses").has("401")).as("a draft needs its owner").isTrue();
        assertThat(paths.path("/api/posts").path("post").path("responses").has("403")).as("create: authenticated").isFalse();
        assertThat(paths.path("/api/auth/login").path("post").path("security")).as("login needs no account").isEmpty();
        assertThat(paths.path("/health").path("get").path("security")).isEmpty();
        assertThat(paths.path("/metrics").path("get").path("security")).isEmpty();
        assertThat(paths.path("/api/system/tasks").path("get").path("responses").has("403")).as("admin").isTrue();
    }

    @Test
    void operations_are_tagged_by_resource_with_unique_ids() {
        var document = blog();
        assertThat(texts(document.path("tags"), "name")).containsExactly("categories", "posts", "users", "models", "auth", "system");
        var ids = new ArrayList<String>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            ids.add(op.getValue().path("operationId").asText());
            var tag = op.getValue().path("tags").path(0).asText();
            if (path.getKey().startsWith("/api/posts")) {
                assertThat(tag).as(path.getKey()).isEqualTo("posts");
            }
        }));
        assertThat(ids).doesNotHaveDuplicates().doesNotContain("");
    }

    // ---- resources from scratch

    @Test
    void a_resource_from_scratch_is_valid_and_honours_its_base_path_and_options() {
        var document = scratch();
        assertValid(document);
        var paths = names(document.path("paths"));
        assertThat(paths).contains("/api/billing/invoices", "/api/billing/invoices/{id}", "/api/billing/invoices/export/csv",
                "/api/billing/invoices/export/json", "/api/billing/invoices/import/csv", "/api/billing/invoices/aggregate",
                "/api/billing/invoices/{id}/files/{field}", "/api/billing/invoices/open",
                "/api/billing/invoices/by-customer/{customer_id}/since/{day}", "/api/customers", "/api/customers/{id}");
        assertThat(paths).noneMatch(p -> p.startsWith("/api/invoices"));
        assertThat(paths).doesNotContain("/api/billing/invoices/bulk", "/api/customers/export/csv", "/api/customers/bulk");
        var custom = document.path("paths").path("/api/billing/invoices/by-customer/{customer_id}/since/{day}").path("get");
        var parameters = parameters(document, custom);
        assertThat(parameters.get(0).path("name").asText()).isEqualTo("customer_id");
        assertThat(parameters.get(0).path("schema").path("format").asText()).isEqualTo("int64");
        assertThat(parameters.get(1).path("name").asText()).isEqualTo("day");
        assertThat(parameters.get(1).path("schema").path("format").asText()).as("fills due[gte]").isEqualTo("date");
        assertThat(custom.path("summary").asText()).isEqualTo("One customer's invoices since a day");
    }

    @Test
    void a_resource_from_scratch_maps_every_field_type() {
        var schema = scratch().path("components").path("schemas").path("invoices");
        var p = schema.path("properties");
        assertThat(p.path("number").path("readOnly").asBoolean()).as("primary key under another name").isTrue();
        assertThat(p.path("code").path("pattern").asText()).as("anchored like the server's full match").isEqualTo("^(?:[A-Z]+-[0-9]+)$");
        assertThat(p.path("code").path("maxLength").asInt()).isEqualTo(12);
        assertThat(p.path("code").path("minLength").asInt()).isEqualTo(4);
        assertThat(types(p.path("notes"))).containsExactly("string", "null");
        assertThat(p.path("contact").path("format").asText()).isEqualTo("email");
        assertThat(p.path("link").path("format").asText()).isEqualTo("uri");
        assertThat(texts(p.path("state").path("enum"))).as("required: no null").containsExactly("open", "paid", "void");
        assertThat(p.path("lines").path("format").asText()).isEqualTo("int64");
        assertThat(types(p.path("total"))).containsExactly("number", "null");
        assertThat(p.path("total").path("multipleOf").decimalValue()).isEqualByComparingTo("0.01");
        assertThat(p.path("total").path("minimum").decimalValue()).isEqualByComparingTo("0");
        assertThat(p.path("total").path("exclusiveMaximum").decimalValue()).as("8 digits before the point").isEqualByComparingTo("100000000");
        assertThat(p.path("ratio").path("multipleOf").decimalValue()).isEqualByComparingTo("0.0001");
        assertThat(p.path("ratio").path("minimum").decimalValue()).isEqualByComparingTo("-1");
        assertThat(p.path("ratio").path("maximum").decimalValue()).isEqualByComparingTo("1");
        assertThat(types(p.path("paid"))).containsExactly("boolean", "null");
        assertThat(p.path("due").path("format").asText()).isEqualTo("date");
        assertThat(p.path("sent_at").path("format").asText()).isEqualTo("date-time");
        assertThat(p.path("extra").has("type")).isFalse();
        assertThat(p.path("customer_id").path("format").asText()).isEqualTo("int64");
        assertThat(p.path("tags").path("items").path("format").asText()).isEqualTo("int64");
        assertThat(types(p.path("scan"))).containsExactly("object", "null");
        assertThat(p.path("views").path("readOnly").asBoolean()).isTrue();
        assertThat(texts(schema.path("required"))).containsExactly("code", "contact", "state");

        var input = scratch().path("components").path("schemas").path("invoices.input");
        assertThat(texts(input.path("required"))).as("a default fills state").containsExactly("code", "contact");
        assertThat(names(input.path("properties"))).doesNotContain("number", "views", "created_at");
    }

    @Test
    void rate_limits_and_permissions_shape_the_responses_of_a_resource_from_scratch() {
        var paths = scratch().path("paths");
        assertThat(paths.path("/api/billing/invoices").path("get").path("responses").has("429")).as("no read limit").isFalse();
        assertThat(paths.path("/api/billing/invoices").path("post").path("responses").has("429")).as("write: 10/minute").isTrue();
        assertThat(paths.path("/api/billing/invoices/{id}").path("put").path("description").asText()).contains("any of `admin`, role `accountant`");
        assertThat(paths.path("/api/customers").path("get").path("responses").has("401")).as("no permissions: authenticated").isTrue();
        assertThat(paths.path("/api/customers").path("get").path("responses").has("403")).isFalse();
        assertThat(paths.path("/api/billing/invoices").path("post").path("responses").has("503")).as("no hooks").isFalse();
    }

    @Test
    void a_field_named_like_a_list_parameter_does_not_give_an_operation_two_parameters_of_one_name() {
        var document = scratch();
        assertValid(document);
        operations(document).forEach(op -> {
            var keys = new HashSet<String>();
            for (var parameter : parameters(document, op)) {
                assertThat(keys.add(parameter.path("in").asText() + ":" + parameter.path("name").asText()))
                        .as(op.path("operationId").asText() + " repeats " + parameter.path("name")).isTrue();
            }
        });
    }

    @Test
    void every_path_template_is_declared_as_a_path_parameter() {
        for (var document : List.of(blog(), scratch())) {
            var template = Pattern.compile("\\{([^}]+)}");
            document.path("paths").properties().forEach(path -> {
                var declared = new HashSet<String>();
                path.getValue().path("parameters").forEach(p -> declared.add(resolve(document, p).path("name").asText()));
                path.getValue().properties().forEach(op -> {
                    if (!METHODS.contains(op.getKey())) {
                        return;
                    }
                    var names = new HashSet<>(declared);
                    parameters(document, op.getValue()).stream().filter(p -> p.path("in").asText().equals("path"))
                            .forEach(p -> names.add(p.path("name").asText()));
                    var matcher = template.matcher(path.getKey());
                    while (matcher.find()) {
                        assertThat(names).as(path.getKey()).contains(matcher.group(1));
                    }
                });
            });
        }
    }

    @Test
    void an_app_with_no_resources_still_describes_the_built_in_endpoints() {
        var document = generator.generate(new AppModel(List.of()), List.of());
        assertValid(document);
        assertThat(names(document.path("paths"))).contains("/api/models", "/api/auth/login", "/health");
    }

    @Test
    void the_validator_would_notice_a_broken_document() {
        var document = blog();
        ((ObjectNode) document.path("paths").path("/api/posts").path("get").path("responses").path("200")).remove("description");
        assertThat(parse(document).getMessages()).isNotEmpty();
    }

    // ---- helpers

    private ObjectNode blog() {
        var load = new AppLoader().loadApp(BLOG);
        assertThat(load.errors()).isEmpty();
        return generator.generate(load.model(), List.of());
    }

    private ObjectNode scratch() {
        var texts = new LinkedHashMap<Path, String>();
        texts.put(Path.of("invoices.yaml"), INVOICES);
        texts.put(Path.of("customers.yaml"), CUSTOMERS);
        var load = new AppLoader().load(texts);
        assertThat(load.errors()).isEmpty();
        return generator.generate(load.model(), List.of());
    }

    static SwaggerParseResult parse(JsonNode document) {
        var options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(document.toString(), null, options);
    }

    static void assertValid(JsonNode document) {
        var result = parse(document);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    }

    private static List<JsonNode> operations(JsonNode document) {
        var operations = new ArrayList<JsonNode>();
        document.path("paths").forEach(path -> path.properties().forEach(e -> {
            if (METHODS.contains(e.getKey())) {
                operations.add(e.getValue());
            }
        }));
        return operations;
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        var ref = node.path("$ref").asText("");
        return ref.isEmpty() ? node : document.at(ref.substring(1));
    }

    private static List<JsonNode> parameters(JsonNode document, JsonNode operation) {
        var parameters = new ArrayList<JsonNode>();
        operation.path("parameters").forEach(p -> parameters.add(resolve(document, p)));
        return parameters;
    }

    private static List<String> queryNames(JsonNode document, JsonNode operation) {
        return parameters(document, operation).stream().filter(p -> p.path("in").asText().equals("query"))
                .map(p -> p.path("name").asText()).toList();
    }

    private static Map<String, JsonNode> byName(JsonNode parameters) {
        var map = new LinkedHashMap<String, JsonNode>();
        parameters.forEach(p -> map.put(p.path("name").asText(), p));
        return map;
    }

    private static Map<String, JsonNode> byName(List<JsonNode> parameters) {
        var map = new LinkedHashMap<String, JsonNode>();
        parameters.forEach(p -> map.put(p.path("name").asText(), p));
        return map;
    }

    private static List<String> names(JsonNode object) {
        var names = new ArrayList<String>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> texts(JsonNode array, String member) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(member).asText()).toList();
    }

    private static List<String> refs(JsonNode array) {
        return texts(array, "$ref");
    }

    private static List<String> types(JsonNode schema) {
        return schema.path("type").isArray() ? texts(schema.path("type")) : List.of(schema.path("type").asText());
    }
}
