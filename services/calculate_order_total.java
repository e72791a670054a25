import io.dbbasic.hooks.*;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Sets an order's subtotal (from its items, when it has them), tax and total:
 * total = subtotal − discount + shipping_cost + tax, with tax = (subtotal − discount) × tax_rate.
 * Money is rounded half-up to cents; a total never goes below zero.
 */
public class CalculateOrderTotal implements Hook {
    public HookResult handle(HookContext ctx) {
        var r = ctx.record();
        var subtotal = r.getDecimal("subtotal", BigDecimal.ZERO);
        var items = r.getList("items");
        if (!items.isEmpty()) {
            subtotal = BigDecimal.ZERO;
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof Map)) {
                    return HookResult.reject("items", "must be a list of {price, quantity}");
                }
                var item = new Row((Map<String, ?>) items.get(i));
                var price = item.getDecimal("price", BigDecimal.ZERO);
                var quantity = item.getDecimal("quantity", BigDecimal.ONE);
                if (price.signum() < 0 || quantity.signum() <= 0) {
                    return HookResult.reject("item " + (i + 1) + " has a negative price or no quantity")
                            .error("items", "item " + (i + 1) + " needs a price ≥ 0 and a quantity > 0");
                }
                subtotal = subtotal.add(price.multiply(quantity));
            }
        }
        var discount = r.getDecimal("discount", BigDecimal.ZERO);
        var shipping = r.getDecimal("shipping_cost", BigDecimal.ZERO);
        var rate = r.getDecimal("tax_rate", BigDecimal.ZERO);
        var taxable = subtotal.subtract(discount).max(BigDecimal.ZERO);
        var tax = taxable.multiply(rate).setScale(2, RoundingMode.HALF_UP);
        var total = taxable.add(shipping).add(tax).max(BigDecimal.ZERO).setScale(2, RoundingMode.HALF_UP);
        return HookResult.proceed(r.set("subtotal", subtotal.setScale(2, RoundingMode.HALF_UP)).set("tax", tax).set("total", total));
    }
}
