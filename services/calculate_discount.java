import io.dbbasic.hooks.*;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * Sets an order's discount: a threshold discount on the subtotal (5% from 100, 10% from 500), 5% more
 * for gold customers (customer_tier), and a coupon (SAVE10: 10.00 off; WELCOME5: 5% off). Never more
 * than the subtotal. An unknown coupon is refused, so a typo is noticed at checkout.
 */
public class CalculateDiscount implements Hook {
    private static final BigDecimal HUNDRED = new BigDecimal("100");
    private static final Map<String, BigDecimal> FLAT_COUPONS = Map.of("SAVE10", new BigDecimal("10.00"));
    private static final Map<String, BigDecimal> PERCENT_COUPONS = Map.of("WELCOME5", new BigDecimal("5"));

    public HookResult handle(HookContext ctx) {
        var r = ctx.record();
        var subtotal = r.getDecimal("subtotal", BigDecimal.ZERO);
        if (subtotal.signum() < 0) {
            return HookResult.reject("subtotal", "must not be negative");
        }
        var percent = BigDecimal.ZERO;
        if (subtotal.compareTo(new BigDecimal("500")) >= 0) {
            percent = new BigDecimal("10");
        } else if (subtotal.compareTo(HUNDRED) >= 0) {
            percent = new BigDecimal("5");
        }
        if ("gold".equalsIgnoreCase(r.getString("customer_tier", ""))) {
            percent = percent.add(new BigDecimal("5"));
        }
        var flat = BigDecimal.ZERO;
        if (!r.isBlank("coupon_code")) {
            var code = r.getString("coupon_code").strip().toUpperCase(Locale.ROOT);
            if (FLAT_COUPONS.containsKey(code)) {
                flat = FLAT_COUPONS.get(code);
            } else if (PERCENT_COUPONS.containsKey(code)) {
                percent = percent.add(PERCENT_COUPONS.get(code));
            } else {
                return HookResult.reject("the coupon " + code + " does not exist").error("coupon_code", "is not a valid code");
            }
            r.set("coupon_code", code);
        }
        var discount = subtotal.multiply(percent).divide(HUNDRED).add(flat).min(subtotal).setScale(2, RoundingMode.HALF_UP);
        return HookResult.proceed(r.set("discount", discount));
    }
}
