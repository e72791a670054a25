import io.dbbasic.hooks.*;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Sets a customer's segment from total_spent, order_count and last_order_at: vip (spent 5000 or more,
 * or 50 orders), at_risk (a returning customer silent for 180 days), loyal (10 orders), new (at most
 * one order), else regular. "Silent" is measured from the time of the write.
 */
public class SegmentCustomer implements Hook {
    private static final BigDecimal VIP_SPEND = new BigDecimal("5000");
    private static final Duration SILENT = Duration.ofDays(180);

    public HookResult handle(HookContext ctx) {
        var r = ctx.record();
        var spent = r.getDecimal("total_spent", BigDecimal.ZERO);
        var orders = r.getLong("order_count", 0);
        var lastOrder = r.getTimestamp("last_order_at");
        String segment;
        if (spent.compareTo(VIP_SPEND) >= 0 || orders >= 50) {
            segment = "vip";
        } else if (orders >= 2 && lastOrder != null && lastOrder.plus(SILENT).isBefore(ctx.now())) {
            segment = "at_risk";
        } else if (orders >= 10) {
            segment = "loyal";
        } else if (orders <= 1) {
            segment = "new";
        } else {
            segment = "regular";
        }
        return HookResult.proceed(r.set("segment", segment));
    }
}
