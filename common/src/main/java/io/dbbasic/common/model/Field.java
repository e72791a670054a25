package io.dbbasic.common.model;

import java.math.BigDecimal;
import java.util.Set;

/**
 * One declared field of a resource, validated. Optional options are {@code null} when not written.
 * {@code defaultValue} is typed by the field type: String (text, select), Long (integer, foreign_key),
 * BigDecimal (decimal), Boolean, LocalDate (date), Instant (timestamp), or plain JSON values (json).
 * {@code renamedFrom} names the column that holds this field's data under its previous name.
 */
public record Field(String name, FieldType type, boolean required, boolean unique, Object defaultValue,
                    Integer maxLength, Integer minLength, BigDecimal min, BigDecimal max, String pattern,
                    boolean searchable, boolean indexed, Set<Auto> auto, String renamedFrom, UiHints ui,
                    Location location) {
    public Field {
        if (!Identifiers.isValid(name)) {
            throw new IllegalArgumentException("bad field name " + name);
        }
        auto = Set.copyOf(auto);
    }

    /** The implicit {@code id} primary key of a resource that declares none. */
    public static Field implicitId(Location location) {
        return new Field("id", new FieldType.PrimaryKey(), false, false, null, null, null, null, null, null,
                false, false, Set.of(), null, UiHints.NONE, location);
    }

    public boolean isPrimaryKey() {
        return type instanceof FieldType.PrimaryKey;
    }

    public boolean hasDefault() {
        return defaultValue != null;
    }

    /** Set by the server, never by a client: the id, {@code auto_*} values and read-only fields. */
    public boolean serverManaged() {
        return isPrimaryKey() || !auto.isEmpty() || ui.readonly();
    }

    /** The owner field is the one that records who created the record (CONTRACT §9). */
    public boolean marksOwner() {
        return auto.contains(Auto.USER_ADD) || ui.defaultCurrentUser();
    }

    public boolean hasColumn() {
        return type.hasColumn();
    }
}
