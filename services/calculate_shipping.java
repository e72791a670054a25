import io.dbbasic.hooks.*;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * Sets an order's shipping_cost from its shipping_method, weight_kg, country and subtotal:
 * a base price per method plus a price per started kilogram beyond the first, a flat surcharge outside
 * the home country, and free standard shipping at home from a subtotal of 50.
 */
public class CalculateShipping implements Hook {
    private static final String HOME = "US";
    private static final BigDecimal FREE_FROM = new BigDecimal("50");
    private static final BigDecimal ABROAD = new BigDecimal("15.00");
    private static final Map<String, Rate> RATES = Map.of(
            "standard", new Rate(new BigDecimal("4.99"), new BigDecimal("0.50")),
            "express", new Rate(new BigDecimal("9.99"), new BigDecimal("1.00")),
            "overnight", new Rate(new BigDecimal("19.99"), new BigDecimal("2.00")));

    record Rate(BigDecimal base, BigDecimal perExtraKilo) {}

    public HookResult handle(HookContext ctx) {
        var r = ctx.record();
        var method = r.getString("shipping_method", "standard").strip().toLowerCase(Locale.ROOT);
        var rate = RATES.get(method);
        if (rate == null) {
            return HookResult.reject("unknown shipping method " + method)
                    .error("shipping_method", "must be standard, express or overnight");
        }
        var weight = r.getDecimal("weight_kg", BigDecimal.ZERO);
        if (weight.signum() < 0) {
            return HookResult.reject("weight_kg", "must not be negative");
        }
        var country = r.getString("country", HOME).strip().toUpperCase(Locale.ROOT);
        var subtotal = r.getDecimal("subtotal", BigDecimal.ZERO);
        BigDecimal cost;
        if (method.equals("standard") && country.equals(HOME) && subtotal.compareTo(FREE_FROM) >= 0) {
            cost = BigDecimal.ZERO;
        } else {
            var extraKilos = weight.subtract(BigDecimal.ONE).max(BigDecimal.ZERO).setScale(0, RoundingMode.CEILING);
            cost = rate.base().add(rate.perExtraKilo().multiply(extraKilos));
            if (!country.equals(HOME)) {
                cost = cost.add(ABROAD);
            }
        }
        return HookResult.proceed(r.set("shipping_method", method).set("shipping_cost", cost.setScale(2, RoundingMode.HALF_UP)));
    }
}
