package io.dbbasic.crud.ui.home;

import java.util.List;

/** What the admin home page ({@code ui/home/home.html}) draws; built by {@link HomePages}. */
/** {@code templates} is null for callers who may not deploy them. */
public record HomeView(List<ResourceCard> resources, List<YamlError> errors, List<TemplateCard> templates) {

    public record ResourceCard(String name, String title, String description, long count, String listUrl, String newUrl,
                               String apiUrl, List<String> missingHooks, int warnings) {}

    /** A file that does not load as it stands: where, and why. */
    public record YamlError(String file, int line, int column, String message) {
        public String where() {
            return file + ":" + line + ":" + column;
        }
    }

    /** A template of {@code templates/}; {@code conflict} says why deploying it would be refused, null when it would not. */
    public record TemplateCard(String name, String title, String description, List<String> resources, String deployUrl, String conflict) {}
}
