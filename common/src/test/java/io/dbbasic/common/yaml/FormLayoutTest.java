package io.dbbasic.common.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.common.model.InterfaceOptions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code interface.form_layout}: sections of the admin UI's forms. */
class FormLayoutTest {
    private static final String FIELDS = """
            resource: posts
            fields:
              id: {type: primary_key}
              title: {type: string}
              body: {type: text}
              status: {type: select, options: [draft, published]}
            """;

    private static AppLoad load(String layout) {
        return new AppLoader().load(Map.of(Path.of("posts.yaml"), FIELDS + "interface:\n  form_layout:\n" + layout));
    }

    @Test
    void sections_keep_their_title_columns_and_fields_in_order() {
        var load = load("""
                    - {section: Content, fields: [title, body]}
                    - {columns: 2, fields: [status]}
                """);
        assertThat(load.errors()).isEmpty();
        assertThat(load.model().resource("posts").orElseThrow().interfaceOptions().formLayout()).containsExactly(
                new InterfaceOptions.FormSection("Content", 1, java.util.List.of("title", "body")),
                new InterfaceOptions.FormSection("", 2, java.util.List.of("status")));
    }

    @Test
    void a_name_that_is_not_a_field_is_a_warning_and_is_left_out() {
        var load = load("    - {section: Content, fields: [title, subtitle]}\n");
        assertThat(load.errors()).isEmpty();
        assertThat(load.diagnostics()).extracting(d -> d.message()).containsExactly("`fields` names `subtitle`, which is not a field; not used");
        assertThat(load.model().resource("posts").orElseThrow().interfaceOptions().formLayout().get(0).fields()).containsExactly("title");
    }

    @Test
    void a_field_in_two_sections_too_many_columns_or_a_section_without_fields_are_errors_on_their_lines() {
        var load = load("""
                    - {section: A, fields: [title]}
                    - {section: B, columns: 5, fields: [title]}
                    - {section: C}
                """);
        assertThat(load.errors()).extracting(Diagnostic::toString).containsExactly(
                "posts.yaml:10:29: error: `columns` must be a whole number from 1 to 4, not 5",
                "posts.yaml:10:40: error: `title` is in more than one form_layout section",
                "posts.yaml:11:7: error: a form_layout section needs `fields:`, the fields it shows");
    }

    @Test
    void a_layout_that_is_not_a_list_is_an_error() {
        var load = new AppLoader().load(Map.of(Path.of("posts.yaml"), FIELDS + "interface: {form_layout: title}\n"));
        assertThat(load.errors()).extracting(d -> d.message())
                .containsExactly("`form_layout` must be a list of sections like `{section: Content, fields: [title, body]}`");
    }
}
