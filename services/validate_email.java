import io.dbbasic.hooks.*;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks and normalises the record's email: trimmed, domain lower-cased, a plausible address (one @,
 * a dotted domain of letters, digits and dashes, no double dots), and not from a throwaway domain.
 * A record without an email is left to the field's own required rule.
 */
public class ValidateEmail implements Hook {
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern TLD = Pattern.compile("[a-z]{2,63}");
    private static final Set<String> THROWAWAY = Set.of("mailinator.com", "guerrillamail.com", "10minutemail.com",
            "tempmail.com", "trashmail.com", "yopmail.com");

    public HookResult handle(HookContext ctx) {
        var r = ctx.record();
        if (r.isBlank("email")) {
            return HookResult.proceed(r);
        }
        var email = r.getString("email").strip();
        var at = email.lastIndexOf('@');
        if (at <= 0 || at != email.indexOf('@') || at == email.length() - 1 || email.length() > 254) {
            return invalid(email);
        }
        var local = email.substring(0, at);
        var domain = email.substring(at + 1).toLowerCase(Locale.ROOT);
        if (local.length() > 64 || !LOCAL.matcher(local).matches()) {
            return invalid(email);
        }
        var labels = domain.split("\\.", -1);
        if (labels.length < 2 || !TLD.matcher(labels[labels.length - 1]).matches()) {
            return invalid(email);
        }
        for (var label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return invalid(email);
            }
        }
        if (THROWAWAY.contains(domain)) {
            return HookResult.reject("throwaway e-mail addresses are not accepted").error("email", "uses a throwaway domain");
        }
        return HookResult.proceed(r.set("email", local + "@" + domain));
    }

    private static HookResult invalid(String email) {
        return HookResult.reject(email + " is not a valid e-mail address").error("email", "is not a valid e-mail address");
    }
}
