package io.dbbasic.common.model;

/** A value the server sets on write, so a client never does (CONTRACT §3 field options). */
public enum Auto {
    /** {@code auto_now_add}: the time of creation. */
    NOW_ADD("auto_now_add"),
    /** {@code auto_now}: the time of every write. */
    NOW("auto_now"),
    /** {@code auto_user_add}: the account that created the record (this field is the owner). */
    USER_ADD("auto_user_add"),
    /** {@code auto_user}: the account of every write. */
    USER("auto_user");

    private final String yamlName;

    Auto(String yamlName) { this.yamlName = yamlName; }

    public String yamlName() { return yamlName; }
}
