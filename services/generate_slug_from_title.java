import io.dbbasic.hooks.*;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Fills an empty slug from the title: accents dropped ("Crème brûlée" → "creme-brulee"), lower case,
 * every run of other characters one dash, at most 220 characters cut at a dash. A slug the writer
 * gave is kept as it is (the resource's pattern checks it).
 */
public class GenerateSlugFromTitle implements Hook {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9]+");
    private static final int MAX = 220;

    public HookResult handle(HookContext ctx) {
        var r = ctx.record();
        if (!r.isBlank("slug") || r.isBlank("title")) {
            return HookResult.proceed(r);
        }
        var plain = MARKS.matcher(Normalizer.normalize(r.getString("title"), Normalizer.Form.NFKD)).replaceAll("");
        var slug = NOT_WORD.matcher(plain.toLowerCase(Locale.ROOT).replace("&", " and ")).replaceAll("-");
        slug = trimDashes(slug);
        if (slug.length() > MAX) {
            var cut = slug.lastIndexOf('-', MAX);
            slug = trimDashes(slug.substring(0, cut > 0 ? cut : MAX));
        }
        return HookResult.proceed(r.set("slug", slug.isEmpty() ? "post" : slug));
    }

    private static String trimDashes(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '-') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '-') {
            end--;
        }
        return text.substring(start, end);
    }
}
