import io.dbbasic.hooks.*;
import java.util.ArrayList;
import java.util.Locale;

/**
 * Records a notification about a write: to the record's email when it has one, else to the account
 * that wrote it, else to the admins. The subject names the resource, the record and what happened;
 * on an update the body lists the fields that changed. It records, it does not mail: delivery is a
 * separate concern (docs/hooks.md). The record goes on unchanged.
 */
public class SendNotification implements Hook {
    public HookResult handle(HookContext ctx) {
        var r = ctx.record();
        var to = !r.isBlank("email") ? r.getString("email")
                : ctx.user().map(u -> u.username()).filter(name -> !name.isBlank()).orElse("admins");
        var action = ctx.isCreate() ? "created" : ctx.isUpdate() ? "updated" : ctx.isDelete() ? "deleted" : "changed";
        var subject = capitalized(singular(ctx.resource())) + (r.has("id") ? " #" + r.getString("id") : "") + " " + action;
        var body = new StringBuilder(subject).append('.');
        if (ctx.isUpdate() && ctx.previous().isPresent()) {
            var changed = new ArrayList<String>();
            for (var field : r.fields()) {
                if (ctx.changed(field) && !field.equals("updated_at")) {
                    changed.add(field);
                }
            }
            if (!changed.isEmpty()) {
                body.append(" Changed: ").append(String.join(", ", changed)).append('.');
            }
        }
        ctx.user().ifPresent(u -> body.append(" By ").append(u.username()).append('.'));
        return HookResult.proceed(r).withNotification(to, subject, body.toString());
    }

    private static String singular(String resource) {
        if (resource.isEmpty()) {
            return "record";
        }
        if (resource.endsWith("ies")) {
            return resource.substring(0, resource.length() - 3) + "y";
        }
        return resource.endsWith("s") ? resource.substring(0, resource.length() - 1) : resource;
    }

    private static String capitalized(String word) {
        return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1).replace('_', ' ');
    }
}
