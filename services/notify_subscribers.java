import io.dbbasic.hooks.*;

/**
 * When a post is (or becomes) published, records a notification for its subscribers with the title,
 * the excerpt and the post's address. It sends nothing itself: the builder records the notification
 * (see docs/hooks.md). Drafts and archived posts notify no one, and neither does an update of a post
 * that was published already.
 */
public class NotifySubscribers implements Hook {
    public HookResult handle(HookContext ctx) {
        var r = ctx.record();
        var published = "published".equals(r.getString("status"));
        var wasPublished = ctx.previous().map(p -> "published".equals(p.getString("status"))).orElse(false);
        if (!published || wasPublished) {
            return HookResult.proceed(r);
        }
        var title = r.getString("title", "A new post");
        var link = r.isBlank("slug") ? "/api/posts/" + r.getString("id", "") : "/posts/" + r.getString("slug");
        var body = new StringBuilder();
        if (!r.isBlank("excerpt")) {
            body.append(r.getString("excerpt")).append("\n\n");
        }
        body.append("Read it at ").append(link);
        return HookResult.proceed(r).withNotification("subscribers", "New post: " + title, body.toString());
    }
}
