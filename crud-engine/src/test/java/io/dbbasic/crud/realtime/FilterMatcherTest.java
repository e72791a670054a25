package io.dbbasic.crud.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.json.Json;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.yaml.AppLoader;
import io.dbbasic.crud.auth.AccountResource;
import io.dbbasic.crud.live.LiveModel;
import io.dbbasic.crud.records.Records;
import io.dbbasic.crud.records.WriteHooks;
import io.dbbasic.crud.storage.Databases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-memory matcher must mean what the list endpoint's SQL means. Each filter of the grammar runs
 * both ways over the same records (nulls, case, non-BMP text, decimals of different scale, instants a
 * millisecond apart, links): once as a real list query on DuckDB, once through the matcher, on the typed
 * records of live changes and on the JSON-parsed records replayed from the change log.
 */
class FilterMatcherTest {
    private static final ObjectMapper JSON = Json.newMapper();
    /** An admin: without a permissions block, writes and reads need an account (CONTRACT §9). */
    private static final Caller ADMIN = new Caller(1L, "admin", List.of("admin"), "127.0.0.1");

    @TempDir Path appDir;
    @TempDir Path dataDir;
    private Databases databases;
    private Records records;
    private LiveModel live;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(appDir.resolve("tags.yaml"), "resource: tags\nfields:\n  name: {type: string}\n");
        Files.writeString(appDir.resolve("items.yaml"), """
                resource: items
                fields:
                  title: {type: string}
                  status: {type: select, options: [draft, published, archived]}
                  price: {type: decimal, precision: 10, scale: 2}
                  qty: {type: integer}
                  active: {type: boolean}
                  due: {type: date}
                  at: {type: timestamp}
                  meta: {type: json}
                  tag_id: {type: foreign_key, references: tags, on_delete: set_null}
                  tags: {type: many_to_many, references: tags}
                """);
        databases = new Databases(dataDir, Clock.systemUTC());
        live = new LiveModel(appDir, new AppLoader(), resource -> databases.schema(resource.database()).apply(resource));
        live.reload();
        assertThat(live.current().errors()).isEmpty();
        records = new Records(databases, () -> live.current().model(), JSON, Clock.systemUTC(), WriteHooks.NONE,
                new AccountResource(databases, () -> live.current().model())::current);
    }

    @AfterEach
    void stop() {
        records.close();
        databases.close();
    }

    private Resource resource(String name) {
        return live.current().model().resource(name).orElseThrow();
    }

    @Test
    void every_operator_selects_the_same_records_in_memory_as_in_sql() throws Exception {
        for (var name : List.of("red", "green", "blue")) {
            records.create(resource("tags"), JSON.createObjectNode().put("name", name), ADMIN);
        }
        var bodies = List.of(
                "{\"title\":\"Apple\"}",
                "{\"title\":\"apple pie\",\"status\":\"draft\",\"price\":10.5,\"qty\":1,\"active\":true,\"due\":\"2026-01-10\","
                        + "\"at\":\"2026-01-01T10:00:00Z\",\"meta\":{\"a\":1},\"tag_id\":1,\"tags\":[1,2]}",
                "{\"title\":\"Banana\",\"status\":\"published\",\"price\":3,\"qty\":3,\"active\":false,\"due\":\"2026-01-20\","
                        + "\"at\":\"2026-01-01T09:59:59.999Z\",\"tags\":[2]}",
                "{\"title\":\"Éclair\",\"status\":\"archived\",\"price\":10.50,\"qty\":10,\"tags\":[3],\"tag_id\":2}",
                "{\"title\":\"\\uD83D\\uDE00 smile\",\"status\":\"published\",\"price\":0,\"qty\":-1,\"active\":true,\"meta\":[]}",
                "{\"title\":\"Zed\",\"qty\":2,\"price\":99.99,\"due\":\"2026-01-15\",\"at\":\"2026-01-01T10:00:00.001Z\",\"tags\":[]}",
                "{\"title\":\"\\uFF57ide\",\"status\":\"draft\"}");
        var items = resource("items");
        var typed = new ArrayList<Map<String, Object>>();
        for (var body : bodies) {
            typed.add(records.create(items, JSON.readTree(body), ADMIN).record());
        }
        var replayed = records.changesSince(items, 0, 100).stream().map(change -> change.record()).toList();
        assertThat(replayed).hasSize(bodies.size());

        var filters = List.of(
                "title=Apple", "title[ne]=Apple", "title[gt]=B", "title[gte]=Banana", "title[lt]=a", "title[lte]=Zed",
                "title[in]=Apple,Zed", "title[nin]=Apple,Zed", "title[contains]=APPLE", "title[contains]=é",
                "title[startswith]=a", "title[startswith]=A", "title[null]=false", "title[gt]=\uFF57", "title[lt]=\uD83D\uDE00",
                "status=published", "status[ne]=draft", "status[gt]=draft", "status[in]=draft,archived", "status[nin]=draft",
                "status[null]=true", "status[contains]=ish",
                "price=10.5", "price[gte]=10.50", "price[lt]=3.01", "price[ne]=0", "price[in]=3,99.99", "price[null]=true",
                "qty[gt]=1", "qty[lte]=-1", "qty[in]=1,2,3", "qty[nin]=10", "qty=10",
                "active=true", "active[ne]=true", "active[null]=true", "active[gt]=false",
                "due[gte]=2026-01-15", "due[lt]=2026-01-15", "due=2026-01-10", "due[null]=false",
                "at[gt]=2026-01-01T10:00:00Z", "at[gte]=2026-01-01T10:00:00Z", "at=2026-01-01T10:00:00Z",
                "at[lt]=2026-01-01T10:00:00Z", "at[lte]=2026-01-01T11:00:00+01:00",
                "meta[null]=true", "meta[null]=false",
                "tag_id=1", "tag_id[ne]=1", "tag_id[null]=true", "tag_id[in]=1,2",
                "tags=2", "tags[in]=1,3", "tags[nin]=2", "tags[null]=true", "tags[null]=false",
                "id[gt]=3", "id[in]=1,5");
        for (var expression : filters) {
            var split = expression.indexOf('=');
            var key = expression.substring(0, split);
            var value = expression.substring(split + 1);
            var page = records.list(items, records.parseQuery(items, Map.of(key, List.of(value), "limit", List.of("1000"))), ADMIN);
            var inSql = new TreeSet<Long>();
            page.records().forEach(record -> inSql.add(((Number) record.get("id")).longValue()));
            var filter = List.of(records.filter(items, key, value));
            assertThat(ids(items, filter, typed)).as("%s on live records", expression).isEqualTo(inSql);
            assertThat(ids(items, filter, replayed)).as("%s on replayed records", expression).isEqualTo(inSql);
        }
    }

    private static TreeSet<Long> ids(Resource resource, List<io.dbbasic.crud.records.ListQuery.Filter> filters,
                                     List<Map<String, Object>> records) {
        var ids = new TreeSet<Long>();
        for (var record : records) {
            if (FilterMatcher.matches(resource, filters, record)) {
                ids.add(((Number) record.get("id")).longValue());
            }
        }
        return ids;
    }
}
