package io.dbbasic.crud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int validate(Path path) {
        return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8), io.dbbasic.common.service.Environment.of(java.util.Map.of()))
                .run(new String[] {"validate", path.toString()});
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private Path write(String relative, String text) throws Exception {
        var file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void a_valid_app_exits_0_and_says_how_much_it_checked() throws Exception {
        write("app/notes.yaml", "resource: notes\nfields: {body: {type: text}}\n");

        assertThat(validate(dir.resolve("app"))).isZero();
        assertThat(output()).isEqualTo("1 file checked: 0 errors, 0 warnings\n");
    }

    @Test
    void an_error_exits_1_with_file_line_and_column() throws Exception {
        var file = write("app/gadgets.yaml", "resource: gadgets\nfields:\n  name: {type: strng}\n");

        assertThat(validate(file)).isEqualTo(1);
        assertThat(output()).startsWith(file + ":3:16: error: unknown type `strng`: did you mean `string`?\n");
    }

    @Test
    void warnings_alone_exit_0() throws Exception {
        var file = write("app/extras.yaml", "resource: extras\nfields: {id: {type: primary_key}}\nseo: {auto: true}\n");

        assertThat(validate(file)).isZero();
        assertThat(output()).contains(file + ":3:1: warning: `seo` is not used");
    }

    @Test
    void a_single_file_is_checked_within_its_app_folder_so_references_resolve() throws Exception {
        write("app/categories.yaml", "resource: categories\nfields: {name: {type: string}}\n");
        var posts = write("app/posts.yaml", "resource: posts\nfields: {category_id: {type: foreign_key, references: categories}}\n");
        write("app/broken.yaml", "resource: [\n");

        assertThat(validate(posts)).as(output()).isZero();
        assertThat(output()).doesNotContain("broken.yaml");
    }

    @Test
    void a_folder_of_app_folders_checks_each_app_on_its_own() throws Exception {
        write("templates/blog/posts.yaml", "resource: posts\nfields: {title: {type: string}}\n");
        write("templates/shop/posts.yaml", "resource: posts\nfields: {sku: {type: string}}\n");

        assertThat(validate(dir.resolve("templates"))).as(output()).isZero();
        assertThat(output()).isEqualTo("2 files checked: 0 errors, 0 warnings\n");
    }

    @Test
    void a_missing_path_is_an_error() {
        assertThat(validate(dir.resolve("nowhere"))).isEqualTo(1);
        assertThat(output()).contains("no such file or folder");
    }
}
