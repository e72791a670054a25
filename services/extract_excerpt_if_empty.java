import io.dbbasic.hooks.*;
import java.util.regex.Pattern;

/**
 * Fills an empty excerpt from the start of the post's content: Markdown markup removed (images, link targets,
 * headings, emphasis, code ticks), whitespace collapsed, at most 200 characters cut at a word, with an
 * ellipsis when cut. On an update that leaves the content out, the stored content is used.
 */
public class ExtractExcerptIfEmpty implements Hook {
    private static final int LIMIT = 200;
    private static final Pattern IMAGE = Pattern.compile("!\\[[^\\]]*\\]\\([^)]*\\)");
    private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^\\s{0,3}#{1,6}\\s*");
    private static final Pattern QUOTE_OR_BULLET = Pattern.compile("(?m)^\\s*(>|[-*+]\\s|\\d+\\.\\s)\\s*");
    private static final Pattern EMPHASIS = Pattern.compile("[*_`~]+");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    public HookResult handle(HookContext ctx) {
        var r = ctx.record();
        if (!r.isBlank("excerpt")) {
            return HookResult.proceed(r);
        }
        var body = r.has("content") ? r.getString("content") : ctx.previous().map(p -> p.getString("content")).orElse(null);
        if (body == null || body.isBlank()) {
            return HookResult.proceed(r);
        }
        var text = IMAGE.matcher(body).replaceAll("");
        text = LINK.matcher(text).replaceAll("$1");
        text = HEADING.matcher(text).replaceAll("");
        text = QUOTE_OR_BULLET.matcher(text).replaceAll("");
        text = EMPHASIS.matcher(text).replaceAll("");
        text = SPACE.matcher(text).replaceAll(" ").strip();
        if (text.length() > LIMIT) {
            var cut = text.lastIndexOf(' ', LIMIT);
            text = text.substring(0, cut > LIMIT / 2 ? cut : LIMIT).strip();
            while (!text.isEmpty() && ",;:.-".indexOf(text.charAt(text.length() - 1)) >= 0) {
                text = text.substring(0, text.length() - 1);
            }
            text = text + "…";
        }
        return HookResult.proceed(r.set("excerpt", text));
    }
}
