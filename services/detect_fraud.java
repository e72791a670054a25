import io.dbbasic.hooks.*;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;

/**
 * Scores an order for fraud from simple signals and records the score and the signals that fired
 * (fraud_score 0–100, fraud_flags). An order scoring 80 or more is refused for manual review.
 */
public class DetectFraud implements Hook {
    private static final BigDecimal LARGE = new BigDecimal("1000");
    private static final BigDecimal LARGE_FIRST = new BigDecimal("500");
    private static final Set<String> THROWAWAY = Set.of("mailinator.com", "guerrillamail.com", "10minutemail.com",
            "tempmail.com", "trashmail.com", "yopmail.com");
    private static final int REFUSE_FROM = 80;

    public HookResult handle(HookContext ctx) {
        var r = ctx.record();
        var flags = new ArrayList<String>();
        var score = 0;
        var total = r.getDecimal("total", BigDecimal.ZERO);
        if (total.compareTo(LARGE) > 0) {
            score += 30;
            flags.add("large_order");
        }
        var billing = r.getString("billing_country", "").strip().toUpperCase(Locale.ROOT);
        // the ecommerce template's orders name the ship-to country `country` (calculate_shipping reads it too)
        var shipping = r.getString("shipping_country", r.getString("country", "")).strip().toUpperCase(Locale.ROOT);
        if (!billing.isEmpty() && !shipping.isEmpty() && !billing.equals(shipping)) {
            score += 25;
            flags.add("country_mismatch");
        }
        var email = r.getString("email", "").toLowerCase(Locale.ROOT);
        if (email.contains("@") && THROWAWAY.contains(email.substring(email.lastIndexOf('@') + 1))) {
            score += 20;
            flags.add("throwaway_email");
        }
        if (r.getLong("item_count", 0) > 20) {
            score += 15;
            flags.add("many_items");
        }
        if (r.getLong("customer_order_count", 1) == 0 && total.compareTo(LARGE_FIRST) > 0) {
            score += 20;
            flags.add("large_first_order");
        }
        score = Math.min(score, 100);
        r.set("fraud_score", score).set("fraud_flags", flags);
        if (score >= REFUSE_FROM) {
            return HookResult.reject("the order is held for fraud review (score " + score + ": " + String.join(", ", flags) + ")")
                    .error("total", "needs a manual fraud review");
        }
        return HookResult.proceed(r);
    }
}
