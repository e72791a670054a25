package io.dbbasic.common.model;

/** The resource-level {@code ui:} block: how the list page is drawn. */
public record UiOptions(ListVariant listVariant) {
    public static final UiOptions DEFAULT = new UiOptions(ListVariant.TABLE);

    public enum ListVariant {
        TABLE, KANBAN;

        public String yamlName() { return name().toLowerCase(java.util.Locale.ROOT); }
    }
}
