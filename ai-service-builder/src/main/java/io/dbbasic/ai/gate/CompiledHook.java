package io.dbbasic.ai.gate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hook code that passed the gate: its instrumented class files by internal name, the class that
 * implements {@code Hook}, and a digest of the source that tells versions apart.
 */
public record CompiledHook(String hookClass, Map<String, byte[]> classes, String digest) {
    public CompiledHook {
        classes = Collections.unmodifiableMap(new LinkedHashMap<>(classes));
    }
}
