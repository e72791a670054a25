package io.dbbasic.crud.schema;

import io.dbbasic.common.model.ApiOptions;
import io.dbbasic.common.model.Auto;
import io.dbbasic.common.model.Field;
import io.dbbasic.common.model.FieldType;
import io.dbbasic.common.model.Hooks;
import io.dbbasic.common.model.InterfaceOptions;
import io.dbbasic.common.model.Location;
import io.dbbasic.common.model.Permissions;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.model.UiHints;
import io.dbbasic.common.model.UiOptions;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Builds model records the way the YAML loader would, for tests: {@code resource("posts", id(), string("title").required())}. */
final class Models {
    private Models() {}

    static Resource resource(String name, F... fields) {
        var built = new ArrayList<Field>();
        for (var f : fields) {
            built.add(f.build());
        }
        return new Resource(name, Resource.DEFAULT_DATABASE, null, null, built, Hooks.NONE, Permissions.DEFAULT,
                ApiOptions.defaults(name), InterfaceOptions.DEFAULT, null, UiOptions.DEFAULT, false, false,
                Location.of(Path.of(name + ".yaml")));
    }

    static F id() { return new F("id", new FieldType.PrimaryKey()); }
    static F pk(String name) { return new F(name, new FieldType.PrimaryKey()); }
    static F string(String name) { return new F(name, new FieldType.Text(FieldType.TextKind.STRING)); }
    static F text(String name) { return new F(name, new FieldType.Text(FieldType.TextKind.TEXT)); }
    static F email(String name) { return new F(name, new FieldType.Text(FieldType.TextKind.EMAIL)); }
    static F url(String name) { return new F(name, new FieldType.Text(FieldType.TextKind.URL)); }
    static F select(String name, String... options) { return new F(name, new FieldType.Select(Arrays.asList(options))); }
    static F integer(String name) { return new F(name, new FieldType.Integer()); }
    static F decimal(String name, int precision, int scale) { return new F(name, new FieldType.Decimal(precision, scale)); }
    static F bool(String name) { return new F(name, new FieldType.Bool()); }
    static F date(String name) { return new F(name, new FieldType.Date()); }
    static F timestamp(String name) { return new F(name, new FieldType.Timestamp()); }
    static F json(String name) { return new F(name, new FieldType.Json()); }
    static F file(String name) { return new F(name, new FieldType.File(List.of(), FieldType.File.DEFAULT_MAX_SIZE)); }
    static F foreignKey(String name, String references) {
        return new F(name, new FieldType.ForeignKey(references, FieldType.OnDelete.RESTRICT));
    }
    static F manyToMany(String name, String references) { return new F(name, new FieldType.ManyToMany(references)); }

    /** A field under construction. */
    static final class F {
        private final String name;
        private final FieldType type;
        private boolean required;
        private boolean unique;
        private Object defaultValue;
        private Integer maxLength;
        private Integer minLength;
        private BigDecimal min;
        private BigDecimal max;
        private String pattern;
        private boolean indexed;
        private String renamedFrom;
        private Set<Auto> auto = Set.of();

        F(String name, FieldType type) {
            this.name = name;
            this.type = type;
        }

        F required() { required = true; return this; }
        F unique() { unique = true; return this; }
        F withDefault(Object value) { defaultValue = value; return this; }
        F maxLength(int n) { maxLength = n; return this; }
        F minLength(int n) { minLength = n; return this; }
        F min(String n) { min = new BigDecimal(n); return this; }
        F max(String n) { max = new BigDecimal(n); return this; }
        F pattern(String regex) { pattern = regex; return this; }
        F index() { indexed = true; return this; }
        F renamedFrom(String previous) { renamedFrom = previous; return this; }
        F auto(Auto... values) { auto = Set.of(values); return this; }

        Field build() {
            return new Field(name, type, required, unique, defaultValue, maxLength, minLength, min, max, pattern,
                    false, indexed, auto, renamedFrom, UiHints.NONE, Location.of(Path.of("test.yaml")));
        }
    }
}
