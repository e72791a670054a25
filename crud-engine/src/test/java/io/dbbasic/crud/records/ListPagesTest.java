package io.dbbasic.crud.records;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * List pages come from one statement (page and window count) and are kept by {@link PageCache} until the
 * resource changes: every write, and a change of its fields, shows in the very next list.
 */
class ListPagesTest {
    private static final String ITEMS = """
            resource: items
            api: {enable_bulk: true}
            fields:
              id: {type: primary_key}
              name: {type: string, required: true}
              price: {type: integer}
              status: {type: select, options: [new, paid], default: new}
            """;
    private static final String PAID_BY_PRICE = "/api/items?status=paid&sort=-price&limit=2";

    @TempDir Path dirs;

    @Test
    void every_write_shows_in_the_next_page_and_its_total() throws Exception {
        try (var crud = CrudApp.start(dirs, Map.of("items.yaml", ITEMS))) {
            for (var price = 1; price <= 3; price++) {
                assertThat(crud.post("/api/items", "{\"name\":\"p%d\",\"price\":%d,\"status\":\"paid\"}".formatted(price, price)).status()).isEqualTo(201);
            }
            crud.post("/api/items", "{\"name\":\"n\",\"price\":100}");
            assertPage(crud.get(PAID_BY_PRICE).body(), 3, "p3", "p2");
            assertPage(crud.get(PAID_BY_PRICE).body(), 3, "p3", "p2");   // served again, unchanged

            crud.post("/api/items", "{\"name\":\"p9\",\"price\":9,\"status\":\"paid\"}");
            assertPage(crud.get(PAID_BY_PRICE).body(), 4, "p9", "p3");

            var p1 = crud.get("/api/items?name=p1").body().get("records").get(0).get("id").longValue();
            assertThat(crud.call("PATCH", "/api/items/" + p1, "{\"price\":50}").status()).isEqualTo(200);
            assertPage(crud.get(PAID_BY_PRICE).body(), 4, "p1", "p9");

            assertThat(crud.call("DELETE", "/api/items/" + p1, null).status()).isEqualTo(204);
            assertPage(crud.get(PAID_BY_PRICE).body(), 3, "p9", "p3");

            assertThat(crud.post("/api/items/bulk", "[{\"name\":\"b1\",\"price\":70,\"status\":\"paid\"},{\"name\":\"b2\",\"price\":60,\"status\":\"paid\"}]").status())
                    .isEqualTo(201);
            assertPage(crud.get(PAID_BY_PRICE).body(), 5, "b1", "b2");
        }
    }

    @Test
    void a_page_past_the_end_still_has_the_true_total_and_an_empty_match_has_none() throws Exception {
        try (var crud = CrudApp.start(dirs, Map.of("items.yaml", ITEMS))) {
            for (var i = 0; i < 3; i++) {
                crud.post("/api/items", "{\"name\":\"x%d\",\"status\":\"paid\"}".formatted(i));
            }
            assertPage(crud.get("/api/items?status=paid&offset=10").body(), 3);
            assertPage(crud.get("/api/items?status=paid&offset=2").body(), 3, "x2");
            assertPage(crud.get("/api/items?status=new").body(), 0);
            assertPage(crud.get("/api/items?status=new&offset=5").body(), 0);
        }
    }

    @Test
    void a_new_field_shows_in_the_pages_kept_before_it() throws Exception {
        try (var crud = CrudApp.start(dirs, Map.of("items.yaml", ITEMS))) {
            crud.post("/api/items", "{\"name\":\"a\",\"status\":\"paid\"}");
            assertThat(crud.get(PAID_BY_PRICE).body().get("records").get(0).has("colour")).isFalse();
            Files.writeString(dirs.resolve("app/items.yaml"), ITEMS + "  colour: {type: string, default: blue}\n");
            Await.until("the colour field is served", Duration.ofSeconds(10),
                    () -> crud.get(PAID_BY_PRICE).body().get("records").get(0).has("colour"));
        }
    }

    private static void assertPage(JsonNode page, long total, String... names) {
        assertThat(page.get("total").longValue()).isEqualTo(total);
        var seen = new ArrayList<String>();
        page.get("records").forEach(record -> seen.add(record.get("name").textValue()));
        assertThat(seen).isEqualTo(List.of(names));
    }
}
