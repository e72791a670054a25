package io.dbbasic.crud.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbbasic.common.errors.Conflict;
import io.dbbasic.common.errors.NotFound;
import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.yaml.AppLoader;
import io.dbbasic.crud.ui.home.TemplateGallery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The template gallery's deploy: copies a template beside the app's files, and never overwrites or breaks them. */
class TemplateGalleryTest {
    @TempDir Path dir;

    private TemplateGallery gallery(Path app) {
        return new TemplateGallery(AdminApp.TEMPLATES, app, new AppLoader(), () -> new AppModel(List.of()));
    }

    @Test
    void deploys_the_blog_without_its_sample_data_and_the_copy_loads_without_errors() throws IOException {
        var app = Files.createDirectories(dir.resolve("app"));
        var gallery = gallery(app);
        assertThat(gallery.cards()).anySatisfy(card -> {
            assertThat(card.name()).isEqualTo("blog");
            assertThat(card.title()).isEqualTo("Blog template");
            assertThat(card.resources()).containsExactly("categories", "posts", "users");
            assertThat(card.conflict()).isNull();
        });
        gallery.deploy("blog");
        assertThat(app.resolve("blog/posts.yaml")).exists();
        assertThat(app.resolve("blog/seed")).doesNotExist();
        assertThat(new AppLoader().loadApp(app).errors()).isEmpty();
        try (var files = Files.list(app)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("blog");   // no staging left behind
        }
    }

    @Test
    void refuses_a_second_account_resource_and_copies_nothing() throws IOException {
        var app = Files.createDirectories(dir.resolve("app"));
        Files.writeString(app.resolve("members.yaml"), "resource: members\nauth: true\nfields:\n  id: {type: primary_key}\n");
        assertThatThrownBy(() -> gallery(app).deploy("blog")).isInstanceOf(Conflict.class)
                .hasMessageContaining("would not load beside the app's files").hasMessageContaining("nothing was copied");
        try (var files = Files.list(app)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("members.yaml");
        }
    }

    @Test
    void a_name_that_is_not_a_template_is_not_found() throws IOException {
        var gallery = gallery(Files.createDirectories(dir.resolve("app")));
        assertThatThrownBy(() -> gallery.deploy("../common")).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> gallery.deploy("nope")).isInstanceOf(NotFound.class);
    }
}
