package io.dbbasic.ai.sandbox;

import java.util.Map;

/**
 * The class loader of one hook service version: it defines the service's own classes and lets them
 * see nothing but the JDK, the hook API and the budget meter. This repeats the gate's allowlist at
 * link time, in case a reference ever slipped past it: anything else fails with "not available".
 */
final class ServiceClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;

    /** {@code classes} by binary name (dots). */
    ServiceClassLoader(String name, Map<String, byte[]> classes, ClassLoader api) {
        super("hook:" + name, api);
        this.classes = Map.copyOf(classes);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            var loaded = findLoadedClass(name);
            if (loaded == null) {
                var bytes = classes.get(name);
                if (bytes != null) {
                    loaded = defineClass(name, bytes, 0, bytes.length);
                } else if (visible(name)) {
                    loaded = getParent().loadClass(name);
                } else {
                    throw new ClassNotFoundException(name + " is not available to hooks");
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private static boolean visible(String name) {
        return name.startsWith("java.") || name.startsWith("io.dbbasic.hooks.")
                || name.equals(Budget.class.getName()) || name.equals(BudgetExceeded.class.getName());
    }
}
