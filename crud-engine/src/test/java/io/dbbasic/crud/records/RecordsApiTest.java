package io.dbbasic.crud.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API of CONTRACT §4 over real HTTP on one engine; each test uses its own records. */
class RecordsApiTest {
    private static final String SHOP = """
            resource: products
            fields:
              id: {type: primary_key}
              name: {type: string, required: true, max_length: 40, searchable: true}
              sku: {type: string, unique: true, pattern: "[A-Z0-9-]+"}
              price: {type: decimal, precision: 10, scale: 2, min: 0}
              stock: {type: integer, min: 0, default: 0}
              kind: {type: select, options: [gear, bolt, nut], default: gear}
              active: {type: boolean, default: true}
              released: {type: date}
              contact: {type: email}
              homepage: {type: url}
              specs: {type: json}
              maker_id: {type: foreign_key, references: makers, on_delete: restrict}
              shelf_id: {type: foreign_key, references: shelves, on_delete: set_null}
              tags: {type: many_to_many, references: tags}
              created_at: {type: timestamp, auto_now_add: true}
              updated_at: {type: timestamp, auto_now: true}
            api:
              enable_bulk: true
              custom_endpoints:
                - {path: /cheap, filter: {"price[lt]": 10}, ordering: [price]}
                - {path: "/of-kind/{kind}", filter: {kind: "{kind}"}}
            interface: {ordering: [name]}
            """;
    private static final Map<String, String> YAML = Map.of(
            "products.yaml", SHOP,
            "makers.yaml", "resource: makers\nfields:\n  name: {type: string, required: true}\n",
            "shelves.yaml", "resource: shelves\nfields:\n  label: {type: string}\n",
            "tags.yaml", "resource: tags\nfields:\n  label: {type: string}\n",
            "lines.yaml", """
                    resource: lines
                    fields:
                      product_id: {type: foreign_key, references: products, on_delete: cascade, required: true}
                      qty: {type: integer}
                    """,
            "tasks.yaml", """
                    resource: tasks
                    fields:
                      title: {type: string}
                      status: {type: select, options: [todo, doing, done], default: todo}
                    workflow: {initial: [todo], states: {todo: {transitions: [doing]}, doing: {transitions: [todo, done]}, done: {}}}
                    """);

    @TempDir static Path root;
    private static CrudApp crud;

    @BeforeAll
    static void start() {
        crud = CrudApp.start(root, YAML);
    }

    @AfterAll
    static void stop() {
        crud.close();
    }

    private static long create(String path, String json) {
        var reply = crud.post(path, json);
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
        return reply.body().get("id").longValue();
    }

    @Test
    void creates_a_record_with_server_set_fields_and_typed_json() {
        var maker = create("/api/makers", "{\"name\":\"Acme\"}");
        var reply = crud.post("/api/products", """
                {"name":"Gizmo","sku":"GZ-1","price":9.5,"released":"2026-11-25","specs":{"volts":12,"tags":["a"]},
                 "maker_id":%d,"id":999,"created_at":"1999-01-01T00:00:00Z"}""".formatted(maker));

        assertThat(reply.status()).isEqualTo(201);
        var record = reply.body();
        var id = record.get("id").longValue();
        assertThat(id).as("ids are server-assigned").isNotEqualTo(999);
        assertThat(reply.header("Location")).isEqualTo("/api/products/" + id);
        assertThat(reply.header("ETag")).isNotBlank();
        assertThat(record.get("price").decimalValue()).isEqualByComparingTo("9.5");
        assertThat(record.get("stock").longValue()).as("default").isZero();
        assertThat(record.get("kind").textValue()).isEqualTo("gear");
        assertThat(record.get("active").booleanValue()).isTrue();
        assertThat(record.get("released").textValue()).isEqualTo("2026-11-25");
        assertThat(record.get("specs").get("volts").intValue()).isEqualTo(12);
        assertThat(record.get("tags").isArray()).isTrue();
        assertThat(record.get("created_at").textValue()).matches("20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z").doesNotStartWith("1999");
        assertThat(crud.get("/api/products/" + id).body()).isEqualTo(record);
    }

    @Test
    void rejects_bad_values_with_one_message_per_field() {
        var reply = crud.post("/api/products", """
                {"sku":"lower case","price":-1,"stock":1.5,"kind":"spring","active":"yes","released":"yesterday",
                 "contact":"nobody","homepage":"ftp://x","colour":"red"}""");

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body().get("errors").fieldNames()).toIterable().containsExactlyInAnyOrder(
                "name", "sku", "price", "stock", "kind", "active", "released", "contact", "homepage", "colour");
        assertThat(reply.body().get("errors").get("name").textValue()).isEqualTo("is required");
        assertThat(reply.body().get("errors").get("colour").textValue()).startsWith("is not a field of products");
        assertThat(crud.get("/api/products?name=").body().get("total").longValue()).isZero();
    }

    @Test
    void a_taken_unique_value_is_a_409_naming_the_field_and_a_missing_reference_a_422() {
        create("/api/products", "{\"name\":\"One\",\"sku\":\"UQ-1\"}");

        var duplicate = crud.post("/api/products", "{\"name\":\"Two\",\"sku\":\"UQ-1\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body().get("errors").get("sku").textValue()).isEqualTo("is already taken");

        var dangling = crud.post("/api/products", "{\"name\":\"Three\",\"maker_id\":424242,\"tags\":[424243]}");
        assertThat(dangling.status()).isEqualTo(422);
        assertThat(dangling.body().get("errors").get("maker_id").textValue()).contains("424242");
        assertThat(dangling.body().get("errors").get("tags").textValue()).contains("424243");
    }

    @Test
    void malformed_or_non_object_bodies_are_400_or_422() {
        assertThat(crud.post("/api/products", "{\"name\":").status()).isEqualTo(400);
        assertThat(crud.post("/api/products", "[]").status()).isEqualTo(422);
        assertThat(crud.post("/api/products", "\"x\"").status()).isEqualTo(422);
        assertThat(crud.post("/api/products", "{\"name\":{\"a\":1}}").status()).isEqualTo(422);
        assertThat(crud.post("/api/products", "{\"name\":\"x\",\"price\":1e999}").status()).isEqualTo(422);
    }

    @Test
    void patch_put_etags_and_if_match() {
        var id = create("/api/products", "{\"name\":\"Etag\",\"price\":5,\"stock\":3}");
        var read = crud.get("/api/products/" + id);
        var etag = read.header("ETag");

        assertThat(crud.call("GET", "/api/products/" + id, null, "If-None-Match", etag).status()).isEqualTo(304);
        var patched = crud.call("PATCH", "/api/products/" + id, "{\"price\":6}", "If-Match", etag);
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body().get("price").decimalValue()).isEqualByComparingTo("6");
        assertThat(patched.body().get("stock").longValue()).as("patch keeps other fields").isEqualTo(3);
        assertThat(crud.call("PATCH", "/api/products/" + id, "{\"price\":7}", "If-Match", etag).status()).as("stale").isEqualTo(412);

        var replaced = crud.call("PUT", "/api/products/" + id, "{\"name\":\"Replaced\"}");
        assertThat(replaced.body().get("stock").longValue()).as("put resets to the default").isZero();
        assertThat(replaced.body().get("price").isNull()).isTrue();
        assertThat(crud.call("PATCH", "/api/products/" + id, "{\"name\":null}").status()).isEqualTo(422);
    }

    @Test
    void delete_honours_restrict_cascade_and_set_null() {
        var maker = create("/api/makers", "{\"name\":\"Holds\"}");
        var shelf = create("/api/shelves", "{\"label\":\"A\"}");
        var tag = create("/api/tags", "{\"label\":\"red\"}");
        var product = create("/api/products", "{\"name\":\"Linked\",\"maker_id\":%d,\"shelf_id\":%d,\"tags\":[%d]}".formatted(maker, shelf, tag));
        var line = create("/api/lines", "{\"product_id\":%d,\"qty\":2}".formatted(product));

        var restricted = crud.call("DELETE", "/api/makers/" + maker, null);
        assertThat(restricted.status()).isEqualTo(409);
        assertThat(restricted.body().get("detail").textValue()).contains("still referenced by 1 products (maker_id)");

        assertThat(crud.call("DELETE", "/api/shelves/" + shelf, null).status()).isEqualTo(204);
        assertThat(crud.call("DELETE", "/api/tags/" + tag, null).status()).isEqualTo(204);
        var after = crud.get("/api/products/" + product).body();
        assertThat(after.get("shelf_id").isNull()).isTrue();
        assertThat(after.get("tags")).isEmpty();

        assertThat(crud.call("DELETE", "/api/products/" + product, null).status()).isEqualTo(204);
        assertThat(crud.get("/api/lines/" + line).status()).as("cascaded").isEqualTo(404);
        assertThat(crud.call("DELETE", "/api/makers/" + maker, null).status()).isEqualTo(204);
    }

    @Test
    void lists_filter_sort_page_shape_and_expand_with_a_true_total() {
        var maker = create("/api/makers", "{\"name\":\"Lister\"}");
        for (var i = 1; i <= 12; i++) {
            create("/api/products", "{\"name\":\"L%02d item\",\"price\":%d,\"kind\":\"%s\",\"maker_id\":%d}".formatted(i, i, i % 3 == 0 ? "nut" : "bolt", maker));
        }
        var base = "/api/products?maker_id=" + maker;

        var page = crud.get(base + "&limit=5&offset=5&sort=-price").body();
        assertThat(page.get("total").longValue()).isEqualTo(12);
        assertThat(page.get("limit").intValue()).isEqualTo(5);
        assertThat(page.get("records")).extracting(r -> r.get("price").intValue()).containsExactly(7, 6, 5, 4, 3);

        assertThat(crud.get(base + "&price%5Bgte%5D=10").body().get("total").longValue()).isEqualTo(3);
        assertThat(crud.get(base + "&kind%5Bin%5D=nut").body().get("total").longValue()).isEqualTo(4);
        assertThat(crud.get(base + "&kind%5Bne%5D=nut").body().get("total").longValue()).isEqualTo(8);
        assertThat(crud.get(base + "&name%5Bcontains%5D=L1").body().get("total").longValue()).isEqualTo(3);
        assertThat(crud.get(base + "&q=l0").body().get("total").longValue()).as("q ignores case").isEqualTo(9);
        assertThat(crud.get(base + "&sku%5Bnull%5D=true").body().get("total").longValue()).isEqualTo(12);
        assertThat(crud.get(base + "&limit=5000").body().get("limit").intValue()).as("clamped").isEqualTo(1000);

        var shaped = crud.get(base + "&fields=id,name&expand=maker_id&limit=1").body().get("records").get(0);
        assertThat(shaped.fieldNames()).toIterable().containsExactly("id", "name", "_expand");
        assertThat(shaped.get("_expand").get("maker_id").get("name").textValue()).isEqualTo("Lister");
        assertThat(crud.get(base + "&limit=1").body().get("records").get(0).get("name").textValue()).as("interface.ordering").isEqualTo("L01 item");
    }

    @Test
    void unknown_fields_and_injection_shaped_parameters_are_400s() {
        for (var query : new String[] {"colour=red", "sort=name%3BDROP%20TABLE%20products", "price%5Bzz%5D=1", "price%5Bgte%5D=abc",
                "fields=nope", "expand=name", "limit=abc", "offset=-5", "limit=-1", "specs=1", "name%22%3B--=1"}) {
            assertThat(crud.get("/api/products?" + query).status()).as(query).isEqualTo(400);
        }
        assertThat(crud.get("/api/products").status()).as("the table survived").isEqualTo(200);
    }

    @Test
    void custom_endpoints_apply_their_filter_and_ordering() {
        create("/api/products", "{\"name\":\"Cheap A\",\"price\":3,\"kind\":\"nut\"}");
        create("/api/products", "{\"name\":\"Cheap B\",\"price\":1,\"kind\":\"nut\"}");

        var cheap = crud.get("/api/products/cheap?kind=nut&name%5Bstartswith%5D=Cheap").body().get("records");
        assertThat(cheap).extracting(r -> r.get("name").textValue()).containsExactly("Cheap B", "Cheap A");
        assertThat(crud.get("/api/products/of-kind/nut?name%5Bstartswith%5D=Cheap").body().get("total").longValue()).isEqualTo(2);
        assertThat(crud.get("/api/products/of-kind/spring").body().get("total").longValue()).isZero();
    }

    @Test
    void bulk_is_all_or_nothing_with_per_index_errors() {
        var invalid = crud.post("/api/products/bulk", "[{\"name\":\"Bulk ok\"},{\"sku\":\"NAMELESS\"}]");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body().get("errors").get("1").get("name").textValue()).isEqualTo("is required");

        var conflicting = crud.post("/api/products/bulk", "[{\"name\":\"Bulk a\",\"sku\":\"BULK-1\"},{\"name\":\"Bulk b\",\"sku\":\"BULK-1\"}]");
        assertThat(conflicting.status()).isEqualTo(409);
        assertThat(conflicting.body().get("errors").get("1").get("sku").textValue()).isEqualTo("is already taken");
        assertThat(crud.get("/api/products?name%5Bstartswith%5D=Bulk").body().get("total").longValue()).isZero();

        var created = crud.post("/api/products/bulk", "[{\"name\":\"Bulk c\"},{\"name\":\"Bulk d\"}]");
        assertThat(created.status()).isEqualTo(201);
        var ids = new ArrayList<Long>();
        created.body().get("records").forEach(r -> ids.add(r.get("id").longValue()));
        var patched = crud.call("PATCH", "/api/products/bulk", "[{\"id\":%d,\"stock\":5},{\"id\":%d,\"stock\":6}]".formatted(ids.get(0), ids.get(1)));
        assertThat(patched.body().get("records")).extracting(r -> r.get("stock").intValue()).containsExactly(5, 6);
        assertThat(crud.call("DELETE", "/api/products/bulk", "[%d,%d]".formatted(ids.get(0), ids.get(1))).body().get("deleted").intValue()).isEqualTo(2);
        assertThat(crud.get("/api/products?name%5Bstartswith%5D=Bulk").body().get("total").longValue()).isZero();
    }

    @Test
    void workflow_guards_the_initial_state_and_transitions() {
        assertThat(crud.post("/api/tasks", "{\"title\":\"t\",\"status\":\"done\"}").status()).isEqualTo(422);
        var id = create("/api/tasks", "{\"title\":\"t\"}");
        var skip = crud.call("PATCH", "/api/tasks/" + id, "{\"status\":\"done\"}");
        assertThat(skip.status()).isEqualTo(409);
        assertThat(skip.body().get("detail").textValue()).contains("cannot move from todo to done; allowed: doing");
        assertThat(crud.call("PATCH", "/api/tasks/" + id, "{\"status\":\"doing\"}").status()).isEqualTo(200);
        assertThat(crud.call("PATCH", "/api/tasks/" + id, "{\"status\":\"done\"}").status()).isEqualTo(200);
    }

    @Test
    void parallel_creates_get_distinct_ids_and_a_true_total() throws Exception {
        var threads = 20;
        var perThread = 10;
        var barrier = new CyclicBarrier(threads);
        var pool = Executors.newFixedThreadPool(threads);
        var futures = new ArrayList<Future<java.util.List<Long>>>();
        for (var t = 0; t < threads; t++) {
            var thread = t;
            futures.add(pool.submit(() -> {
                barrier.await();
                var ids = new ArrayList<Long>();
                for (var i = 0; i < perThread; i++) {
                    ids.add(create("/api/products", "{\"name\":\"par-%d-%d\"}".formatted(thread, i)));
                }
                return ids;
            }));
        }
        var all = new HashSet<Long>();
        for (var future : futures) {
            all.addAll(future.get());
        }
        pool.shutdown();

        assertThat(all).hasSize(threads * perThread);
        assertThat(crud.get("/api/products?name%5Bstartswith%5D=par-&limit=1").body().get("total").longValue()).isEqualTo(threads * perThread);
    }

    @Test
    void models_lists_resources_with_fields_counts_and_hooks() {
        var models = crud.get("/api/models").body();
        JsonNode products = null;
        for (var resource : models.get("resources")) {
            if (resource.get("resource").textValue().equals("products")) {
                products = resource;
            }
        }
        assertThat(products).isNotNull();
        assertThat(products.get("base_path").textValue()).isEqualTo("/api/products");
        assertThat(products.get("fields").get(1).get("name").textValue()).isEqualTo("name");
        assertThat(products.get("record_count").isIntegralNumber()).isTrue();
        assertThat(models.get("errors")).isEmpty();
    }

    @Test
    void unknown_resources_and_ids_are_404_problems() {
        var missing = crud.get("/api/no_such_resource");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(crud.get("/api/products/99999999").status()).isEqualTo(404);
        assertThat(crud.get("/api/products/abc").status()).isEqualTo(404);
        assertThat(crud.call("DELETE", "/api/products/99999999", null).status()).isEqualTo(404);
    }
}
