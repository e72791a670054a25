package io.dbbasic.ai.gate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JDK types and members hook code may use, read from {@code allowlist.txt} beside this class.
 * A member counts as allowed on a type when the type's own line allows it or, for members the type
 * inherits, when an allowed supertype's line does; supertypes are looked up on the JDK's own classes,
 * loaded without initialising them.
 */
final class Allowlist {
    /** Refused on every type: threads, reflection and finalisation hide behind these Object members. */
    private static final Set<String> DENIED_EVERYWHERE = Set.of("getClass", "wait", "notify", "notifyAll", "finalize");

    record Entry(boolean all, Set<String> members, Set<String> excluded) {
        boolean allows(String member) {
            return all ? !excluded.contains(member) : members.contains(member);
        }
    }

    private final Map<String, Entry> types;
    private final Map<String, Entry> packages;
    private final ClassLoader apiLoader;

    private Allowlist(Map<String, Entry> types, Map<String, Entry> packages, ClassLoader apiLoader) {
        this.types = Map.copyOf(types);
        this.packages = Map.copyOf(packages);
        this.apiLoader = apiLoader;
    }

    static Allowlist load() {
        var types = new HashMap<String, Entry>();
        var packages = new HashMap<String, Entry>();
        try (var in = Allowlist.class.getResourceAsStream("allowlist.txt")) {
            if (in == null) {
                throw new IllegalStateException("allowlist.txt is missing from the classpath");
            }
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                var text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                var words = text.split("\\s+");
                var all = false;
                var members = new HashSet<String>();
                var excluded = new HashSet<String>();
                for (int i = 1; i < words.length; i++) {
                    if (words[i].equals("*")) {
                        all = true;
                    } else if (words[i].startsWith("-")) {
                        excluded.add(words[i].substring(1));
                    } else {
                        members.add(words[i]);
                    }
                }
                var entry = new Entry(all, Set.copyOf(members), Set.copyOf(excluded));
                if (words[0].endsWith("/*")) {
                    packages.put(words[0].substring(0, words[0].length() - 1), entry);
                } else {
                    types.put(words[0], entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Allowlist(types, packages, Allowlist.class.getClassLoader());
    }

    Optional<Entry> entry(String type) {
        var exact = types.get(type);
        if (exact != null) {
            return Optional.of(exact);
        }
        var slash = type.lastIndexOf('/');
        return slash < 0 ? Optional.empty() : Optional.ofNullable(packages.get(type.substring(0, slash + 1)));
    }

    boolean typeAllowed(String type) {
        return entry(type).isPresent();
    }

    /** Whether {@code owner.member} (a method or field of a JDK or hook API type) may be used. */
    boolean memberAllowed(String owner, String member) {
        if (DENIED_EVERYWHERE.contains(member) || member.startsWith("parallel")) {
            return false;
        }
        var own = entry(owner);
        if (own.isEmpty()) {
            return false;
        }
        if (own.get().allows(member)) {
            return true;
        }
        if (own.get().excluded().contains(member)) {
            return false;
        }
        return supertypes(owner).stream().anyMatch(type -> entry(type).map(e -> e.allows(member)).orElse(false));
    }

    /** Every supertype of a JDK or hook API type, nearest first; empty when it cannot be found. */
    List<String> supertypes(String type) {
        var result = new ArrayList<String>();
        try {
            var loader = type.startsWith("io/dbbasic/") ? apiLoader : ClassLoader.getPlatformClassLoader();
            collect(Class.forName(type.replace('/', '.'), false, loader), result);
        } catch (ClassNotFoundException | LinkageError e) {
            return List.of();
        }
        result.remove(type);
        return result;
    }

    private static void collect(Class<?> type, List<String> into) {
        if (type == null) {
            return;
        }
        var name = type.getName().replace('.', '/');
        if (into.contains(name)) {
            return;
        }
        into.add(name);
        collect(type.getSuperclass(), into);
        for (var parent : type.getInterfaces()) {
            collect(parent, into);
        }
        if (type.isInterface()) {
            collect(Object.class, into);
        }
    }

    /** Why a type off the list is refused, in the words the gate reports. */
    static String kindOf(String type) {
        if (type.startsWith("java/lang/reflect/") || type.startsWith("java/lang/invoke/") || type.equals("java/lang/Class")) {
            return "reflection";
        }
        if (type.startsWith("java/io/") || type.startsWith("java/nio/")) {
            return "I/O";
        }
        if (type.startsWith("java/net/") || type.startsWith("javax/net/") || type.startsWith("jdk/net/")) {
            return "network";
        }
        if (type.startsWith("java/lang/Thread") || type.startsWith("java/util/concurrent/") || type.equals("java/lang/Runnable")
                || type.equals("java/util/Timer") || type.equals("java/lang/ThreadLocal") || type.equals("java/lang/InheritableThreadLocal")) {
            return "threads";
        }
        if (type.equals("java/lang/Runtime") || type.startsWith("java/lang/Process") || type.startsWith("java/lang/ProcessBuilder")) {
            return "processes";
        }
        if (type.equals("java/lang/ClassLoader") || type.startsWith("java/lang/Module") || type.startsWith("java/net/URLClassLoader")
                || type.startsWith("java/lang/instrument/")) {
            return "class loading";
        }
        if (type.equals("java/lang/System") || type.equals("java/lang/StackWalker") || type.equals("java/lang/SecurityManager")) {
            return "System";
        }
        if (type.startsWith("sun/") || type.startsWith("jdk/") || type.startsWith("com/sun/")) {
            return "JDK internals";
        }
        if (type.startsWith("java/sql/") || type.startsWith("javax/")) {
            return "I/O";
        }
        return "not on the allowlist";
    }
}
