package io.dbbasic.hooks;

/**
 * A hook service: one class implementing this interface, in {@code services/{name}.java}.
 * A fresh instance handles each call, so fields never carry state from one call to the next.
 * See {@code docs/hooks.md}.
 */
@FunctionalInterface
public interface Hook {
    HookResult handle(HookContext ctx);
}
