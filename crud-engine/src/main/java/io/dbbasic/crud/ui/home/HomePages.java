package io.dbbasic.crud.ui.home;

import io.dbbasic.common.auth.Caller;
import io.dbbasic.common.model.Operation;
import io.dbbasic.common.yaml.Diagnostic;
import io.dbbasic.crud.live.LiveModel;
import io.dbbasic.crud.ui.UiAuth;
import io.dbbasic.crud.ui.UiPaths;
import io.dbbasic.crud.ui.UiRecords;
import java.nio.file.Path;
import java.util.function.Predicate;

/** Builds the admin home: every resource the caller may read with its count, the YAML errors, the template gallery. */
public final class HomePages {
    private final LiveModel live;
    private final UiRecords records;
    private final UiAuth auth;
    private final TemplateGallery gallery;
    private final Predicate<String> hookIsActive;
    private final Path appDir;

    public HomePages(LiveModel live, UiRecords records, UiAuth auth, TemplateGallery gallery, Predicate<String> hookIsActive, Path appDir) {
        this.live = live;
        this.records = records;
        this.auth = auth;
        this.gallery = gallery;
        this.hookIsActive = hookIsActive;
        this.appDir = appDir;
    }

    public HomeView build(Caller caller) {
        var snapshot = live.current();
        var cards = snapshot.model().resources().stream()
                .filter(r -> auth.may(Operation.READ, r, caller, null))
                .map(r -> new HomeView.ResourceCard(r.name(), r.displayTitle(), r.description(), records.count(r, caller),
                        UiPaths.list(r), auth.may(Operation.CREATE, r, caller, null) ? UiPaths.create(r.name()) : null, r.basePath(),
                        r.hooks().names().stream().filter(hookIsActive.negate()).toList(),
                        (int) snapshot.warnings().stream().filter(w -> w.location().file().equals(r.location().file())).count()))
                .toList();
        var errors = snapshot.errors().stream().map(this::error).toList();
        // deploying a template changes the app itself: only admins see the gallery
        return new HomeView(cards, errors, caller.isAdmin() ? gallery.cards() : null);
    }

    private HomeView.YamlError error(Diagnostic diagnostic) {
        var location = diagnostic.location();
        var file = location.file().toAbsolutePath().normalize();
        var shown = file.startsWith(appDir) ? appDir.relativize(file).toString() : file.toString();
        return new HomeView.YamlError(shown, location.line(), location.column(), diagnostic.message());
    }
}
