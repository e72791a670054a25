package io.dbbasic.crud.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.common.json.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Aggregates over real HTTP, checked against the same numbers worked out by hand from the records written. */
class AggregateTest {
    private static final String ORDERS = """
            resource: orders
            api: {enable_bulk: true}
            fields:
              id: {type: primary_key}
              status: {type: select, options: [new, paid, void]}
              region: {type: string}
              total: {type: decimal, precision: 10, scale: 2}
              qty: {type: integer}
              placed_on: {type: date}
              note: {type: json}
            """;

    @TempDir Path dirs;

    private record Order(String status, String region, BigDecimal total, long qty, LocalDate placedOn) {}

    private static List<Order> seed(CrudApp app) {
        var random = new Random(42);
        var orders = new ArrayList<Order>();
        var body = Json.newMapper().createArrayNode();
        for (var i = 0; i < 300; i++) {
            var order = new Order(List.of("new", "paid", "void").get(random.nextInt(3)), random.nextInt(5) == 0 ? null : "r" + random.nextInt(3),
                    BigDecimal.valueOf(random.nextInt(100_000), 2), random.nextInt(20) - 5, LocalDate.of(2026, 1, 1).plusDays(random.nextInt(300)));
            orders.add(order);
            var item = body.addObject().put("status", order.status()).put("total", order.total()).put("qty", order.qty())
                    .put("placed_on", order.placedOn().toString());
            if (order.region() != null) {
                item.put("region", order.region());
            }
        }
        assertThat(app.post("/api/orders/bulk", body.toString()).status()).isEqualTo(201);
        return orders;
    }

    @Test
    void groups_by_a_field_with_count_sum_avg_min_and_max() {
        try (var app = CrudApp.start(dirs, Map.of("orders.yaml", ORDERS))) {
            var orders = seed(app);
            var reply = app.get("/api/orders/aggregate?group_by=status&metrics=count,sum:total,avg:total,min:placed_on,max:qty");
            assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);

            var expected = Json.newMapper().createObjectNode();
            var groups = expected.putArray("groups");
            var byStatus = new TreeMap<String, List<Order>>();
            orders.forEach(o -> byStatus.computeIfAbsent(o.status(), s -> new ArrayList<>()).add(o));
            byStatus.forEach((status, list) -> {
                var sum = list.stream().map(Order::total).reduce(BigDecimal.ZERO, BigDecimal::add);
                groups.addObject().put("status", status).put("count", list.size()).put("sum_total", sum)
                        .put("avg_total", sum.divide(BigDecimal.valueOf(list.size()), 2, RoundingMode.HALF_UP))
                        .put("min_placed_on", list.stream().map(Order::placedOn).min(LocalDate::compareTo).orElseThrow().toString())
                        .put("max_qty", (int) list.stream().mapToLong(Order::qty).max().orElseThrow());
            });
            assertThat(reply.body()).isEqualTo(expected);
        }
    }

    @Test
    void takes_the_list_filters_and_several_group_fields_with_nulls_last() {
        try (var app = CrudApp.start(dirs, Map.of("orders.yaml", ORDERS))) {
            var orders = seed(app);
            var reply = app.get("/api/orders/aggregate?group_by=region,status&metrics=count,sum:qty,avg:qty&total[gte]=500&status[ne]=void");
            assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
            var expected = new TreeMap<String, long[]>();
            for (var o : orders) {
                if (o.total().compareTo(BigDecimal.valueOf(500)) >= 0 && !o.status().equals("void")) {
                    var key = (o.region() == null ? "~" : o.region()) + "/" + o.status();
                    var sums = expected.computeIfAbsent(key, k -> new long[2]);
                    sums[0]++;
                    sums[1] += o.qty();
                }
            }
            var groups = reply.body().get("groups");
            assertThat(groups.size()).isEqualTo(expected.size());
            var i = 0;
            for (var entry : expected.entrySet()) {
                var group = groups.get(i++);
                var region = entry.getKey().split("/")[0];
                assertThat(group.get("region").isNull() ? "~" : group.get("region").asText()).isEqualTo(region);
                assertThat(group.get("status").asText()).isEqualTo(entry.getKey().split("/")[1]);
                assertThat(group.get("count").asLong()).isEqualTo(entry.getValue()[0]);
                assertThat(group.get("sum_qty").asLong()).isEqualTo(entry.getValue()[1]);
                var average = BigDecimal.valueOf(entry.getValue()[1]).divide(BigDecimal.valueOf(entry.getValue()[0]), java.math.MathContext.DECIMAL64);
                assertThat(group.get("avg_qty").decimalValue()).isEqualByComparingTo(average);
            }
        }
    }

    @Test
    void without_group_by_counts_everything_and_an_empty_table_gives_one_group_of_zero() {
        try (var app = CrudApp.start(dirs, Map.of("orders.yaml", ORDERS))) {
            assertThat(app.get("/api/orders/aggregate").body().toString()).isEqualTo("{\"groups\":[{\"count\":0}]}");
            assertThat(app.get("/api/orders/aggregate?metrics=sum:total,avg:total").body().toString())
                    .isEqualTo("{\"groups\":[{\"sum_total\":null,\"avg_total\":null}]}");
            assertThat(app.get("/api/orders/aggregate?group_by=status").body().toString()).isEqualTo("{\"groups\":[]}");
        }
    }

    @Test
    void an_unknown_field_or_metric_is_a_400_that_lists_what_is_allowed() {
        try (var app = CrudApp.start(dirs, Map.of("orders.yaml", ORDERS))) {
            var field = app.get("/api/orders/aggregate?group_by=nope");
            assertThat(field.status()).isEqualTo(400);
            assertThat(field.body().get("detail").asText()).isEqualTo("cannot group by `nope`; you can group by id, status, region, total, qty, placed_on");
            var metric = app.get("/api/orders/aggregate?metrics=median:total");
            assertThat(metric.status()).isEqualTo(400);
            assertThat(metric.body().get("detail").asText()).contains("count, count:FIELD, sum:FIELD, avg:FIELD, min:FIELD, max:FIELD");
            var sum = app.get("/api/orders/aggregate?metrics=sum:region");
            assertThat(sum.status()).isEqualTo(400);
            assertThat(sum.body().get("detail").asText()).isEqualTo("`sum:region`: sum applies to total, qty");
            assertThat(app.get("/api/orders/aggregate?group_by=note").status()).isEqualTo(400);
            assertThat(app.get("/api/orders/aggregate?metrics=avg").status()).isEqualTo(400);
            assertThat(app.get("/api/orders/aggregate?colour=red").status()).isEqualTo(400);
            assertThat(app.get("/api/orders/aggregate?sort=status").status()).isEqualTo(400);
        }
    }
}
