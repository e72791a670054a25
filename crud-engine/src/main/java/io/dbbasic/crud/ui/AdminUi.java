package io.dbbasic.crud.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.errors.Forbidden;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.errors.ProblemMapper;
import io.dbbasic.common.model.Operation;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.model.UiOptions;
import io.dbbasic.common.service.Service;
import io.dbbasic.common.yaml.AppLoader;
import io.dbbasic.crud.live.LiveModel;
import io.dbbasic.crud.records.Records;
import io.dbbasic.crud.records.TransferRoutes;
import io.dbbasic.crud.ui.detail.AuditHistory;
import io.dbbasic.crud.ui.detail.DetailPages;
import io.dbbasic.crud.ui.form.FormPages;
import io.dbbasic.crud.ui.form.FormSubmissions;
import io.dbbasic.crud.ui.home.HomePages;
import io.dbbasic.crud.ui.home.TemplateGallery;
import io.dbbasic.crud.ui.list.BoardPages;
import io.dbbasic.crud.ui.list.ListPages;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The admin UI (CONTRACT §4 "Admin UI pages"): {@code /} and {@code /ui/...}. Each handler parses the request,
 * asks one page builder (or makes one write) and renders a template; the builders live in the feature
 * packages ({@code home}, {@code list}, {@code form}, {@code detail}). Scripts and styles are served from
 * {@code /assets/ui}, Bootstrap from its WebJar.
 */
public final class AdminUi {
    private final UiRecords records;
    private final UiAuth auth;
    private final TransferRoutes transfers;
    private final HomePages home;
    private final TemplateGallery gallery;
    private final ListPages lists;
    private final BoardPages boards;
    private final FormPages forms;
    private final FormSubmissions submissions = new FormSubmissions();
    private final DetailPages details;

    /** What the UI is built from; {@code hookIsActive} tells which hooks the AI service builder has active. */
    public record Parts(LiveModel live, Records records, TransferRoutes transfers, UiAuth auth, Predicate<String> hookIsActive,
                        Path appDir, Path templatesDir, AuditHistory audit, ObjectMapper json) {}

    public AdminUi(Parts parts) {
        this.records = new UiRecords(parts.records(), () -> parts.live().current().model());
        this.auth = parts.auth();
        this.transfers = parts.transfers();
        var labels = new Labels(records);
        this.gallery = new TemplateGallery(parts.templatesDir(), parts.appDir(), new AppLoader(), records::model);
        this.home = new HomePages(parts.live(), records, auth, gallery, parts.hookIsActive(), parts.appDir());
        this.lists = new ListPages(records, labels, auth);
        this.boards = new BoardPages(records, labels, auth);
        this.forms = new FormPages(records, labels, parts.json());
        this.details = new DetailPages(records, labels, auth, parts.audit());
    }

    public void register(Service.Wiring wiring) {
        wiring.config().staticFiles.add(files -> {
            files.hostedPath = "/assets/ui";
            files.directory = "/ui-assets";
            files.location = Location.CLASSPATH;
        });
        var routes = wiring.routes();
        routes.get("/favicon.ico", ctx -> ctx.status(204));   // browsers ask; a 404 would be a console error on every page
        routes.before("/", this::page);
        routes.before("/ui/<path>", this::page);
        routes.get("/", ctx -> render(ctx, "ui/home/home.html", "home", home.build(auth.caller(ctx))));
        routes.post("/ui/templates/{name}/deploy", this::deploy);
        routes.get("/ui/{resource}", this::list);
        routes.get("/ui/{resource}/new", this::createForm);
        routes.post("/ui/{resource}/new", this::create);
        routes.get("/ui/{resource}/{id}", ctx -> render(ctx, "ui/detail/detail.html", "record",
                details.build(resource(ctx), id(ctx), auth.caller(ctx))));
        routes.get("/ui/{resource}/{id}/edit", this::editForm);
        routes.post("/ui/{resource}/{id}/edit", this::save);
        routes.get("/ui/{resource}/{id}/delete", this::deletePage);
        routes.post("/ui/{resource}/{id}/delete", this::delete);
    }

    /** Before every page: the auth gate, then problems drawn as pages rather than JSON. */
    private void page(Context ctx) {
        ProblemMapper.answerAsPage(ctx, this::problem);
        if (!auth.admit(ctx)) {
            ctx.skipRemainingHandlers();
        }
    }

    private void list(Context ctx) {
        var resource = resource(ctx);
        var caller = auth.caller(ctx);
        var board = resource.ui().listVariant() == UiOptions.ListVariant.KANBAN && !"table".equals(ctx.queryParam("view"));
        var fragment = ctx.queryParam("fragment");
        if (board) {
            var view = boards.build(resource, caller);
            render(ctx, "board".equals(fragment) ? "ui/list/columns.html" : "ui/list/board.html", "board", view);
            return;
        }
        var view = lists.build(resource, ctx.queryParamMap(), caller);
        render(ctx, "results".equals(fragment) ? "ui/list/results.html" : "ui/list/list.html", "page", view);
    }

    // the form pages are refused up front when the save would be: no form to fill in for nothing

    private void createForm(Context ctx) {
        var resource = resource(ctx);
        var caller = auth.caller(ctx);
        auth.require(Operation.CREATE, resource, caller, null);
        render(ctx, "ui/form/form.html", "form", forms.create(resource, caller));
    }

    private void editForm(Context ctx) {
        var resource = resource(ctx);
        var caller = auth.caller(ctx);
        var stored = records.get(resource, id(ctx), caller);
        auth.require(Operation.UPDATE, resource, caller, stored);
        render(ctx, "ui/form/form.html", "form", forms.edit(resource, id(ctx), stored, caller));
    }

    private void deletePage(Context ctx) {
        var resource = resource(ctx);
        var caller = auth.caller(ctx);
        auth.require(Operation.DELETE, resource, caller, records.get(resource, id(ctx), caller));
        render(ctx, "ui/detail/delete.html", "record", details.forDelete(resource, id(ctx), caller));
    }

    private void create(Context ctx) {
        var resource = resource(ctx);
        var caller = auth.caller(ctx);
        var post = transfers.receiveForm(ctx, resource);
        var outcome = submissions.create(resource, post, caller);
        if (outcome instanceof FormSubmissions.Saved saved) {
            ctx.redirect(UiPaths.record(resource.name(), saved.id()) + "?notice=created", HttpStatus.SEE_OTHER);
            return;
        }
        var refused = (FormSubmissions.Refused) outcome;
        render(ctx, "ui/form/form.html", "form", forms.createWith(resource, post.texts(), refused.errors(), refused.message(), caller));
    }

    private void save(Context ctx) {
        var resource = resource(ctx);
        var id = id(ctx);
        var caller = auth.caller(ctx);
        var stored = records.get(resource, id, caller);   // 404 before reading the body
        var post = transfers.receiveForm(ctx, resource);
        var outcome = submissions.update(resource, id, post, caller);
        if (outcome instanceof FormSubmissions.Saved) {
            ctx.redirect(UiPaths.record(resource.name(), id) + "?notice=saved", HttpStatus.SEE_OTHER);
            return;
        }
        var refused = (FormSubmissions.Refused) outcome;
        render(ctx, "ui/form/form.html", "form", forms.editWith(resource, id, stored, post.texts(), refused.errors(), refused.message(), caller));
    }

    private void delete(Context ctx) {
        var resource = resource(ctx);
        records.delete(resource, id(ctx), auth.caller(ctx));
        ctx.redirect(UiPaths.list(resource) + "?notice=deleted", HttpStatus.SEE_OTHER);
    }

    private void deploy(Context ctx) {
        if (!auth.caller(ctx).isAdmin()) {
            throw new Forbidden("deploying a template changes the app: only an admin may");
        }
        gallery.deploy(ctx.pathParam("name"));
        ctx.redirect("/?notice=deployed", HttpStatus.SEE_OTHER);
    }

    private Resource resource(Context ctx) {
        return records.resource(ctx.pathParam("resource"));
    }

    private static long id(Context ctx) {
        var text = ctx.pathParam("id");
        if (!text.matches("\\d{1,18}")) {
            throw new NotFound("no record with id " + text.replaceAll("[^\\x20-\\x7e]", "?"));
        }
        return Long.parseLong(text);
    }

    private void render(Context ctx, String template, String name, Object view) {
        var model = new HashMap<String, Object>();
        model.put(name, view);
        model.put("csrfToken", auth.csrfToken(ctx));
        model.put("notice", Notices.text(ctx.queryParam("notice")));
        ctx.header("Cache-Control", "no-store");
        ctx.render(template, model);
    }

    /** A problem as a page: what went wrong, and a way back (the resource's list, else home). */
    private void problem(Context ctx, int status, String title, String detail) {
        var path = ctx.path();
        var back = "/";
        if (path.startsWith("/ui/")) {
            var name = path.substring(4).split("/", 2)[0];
            back = records.model().resource(name).isPresent() ? UiPaths.list(name) : "/";
        }
        ctx.render("ui/error.html", Map.of("problem", new Problem(status, title, detail, back), "csrfToken", auth.csrfToken(ctx)));
    }

    /** What the error page shows. */
    public record Problem(int status, String title, String detail, String back) {}
}
