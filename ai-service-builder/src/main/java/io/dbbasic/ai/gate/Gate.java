package io.dbbasic.ai.gate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The one way from source to runnable hook (CONTRACT §6): compile in memory, verify the bytecode
 * against the allowlist, then inject the loop budget. Generated and hand-written code pass the same
 * gate. Thread-safe: each check uses its own compiler task.
 */
public final class Gate {
    /** Larger sources are refused before compiling: a hook is a small function. */
    public static final int MAX_SOURCE_CHARS = 64 * 1024;
    static final String HOOK = "io/dbbasic/hooks/Hook";
    /** Packages a hook's own classes may not claim: the JDK's and DBBasic's. */
    private static final List<String> RESERVED = List.of("java/", "javax/", "jdk/", "sun/", "com/sun/", "io/dbbasic/");

    private final SourceCompiler compiler = new SourceCompiler();
    private final BytecodeVerifier verifier;
    private final BudgetInstrumenter instrumenter = new BudgetInstrumenter();

    public Gate() {
        this.verifier = new BytecodeVerifier(Allowlist.load());
    }

    public GateResult check(String source) {
        if (source == null || source.isBlank()) {
            return new GateResult.Refused(List.of(new CompileError(0, 0, "the code is empty")), List.of());
        }
        if (source.length() > MAX_SOURCE_CHARS) {
            return new GateResult.Refused(List.of(new CompileError(0, 0, "the code is longer than " + MAX_SOURCE_CHARS
                    + " characters")), List.of());
        }
        var output = compiler.compile(source);
        if (!output.ok()) {
            return new GateResult.Refused(output.errors(), List.of());
        }
        var violations = new ArrayList<>(verifier.verify(output.classes(), source));
        for (var name : output.classes().keySet()) {
            if (RESERVED.stream().anyMatch(name::startsWith)) {
                violations.add(new Violation(1, "class loading", "the package of " + name.replace('/', '.')
                        + " is reserved: declare hook classes in the default package or a package of your own"));
            }
        }
        var hooks = hookClasses(output.classes());
        if (hooks.size() != 1) {
            violations.add(new Violation(0, "shape", hooks.isEmpty()
                    ? "no class implements io.dbbasic.hooks.Hook: the service needs exactly one"
                    : "more than one class implements Hook (" + String.join(", ", hooks) + "): the service needs exactly one"));
        }
        if (!violations.isEmpty()) {
            return new GateResult.Refused(List.of(), violations);
        }
        return new GateResult.Passed(new CompiledHook(hooks.get(0).replace('/', '.'), instrumenter.instrument(output.classes()),
                digest(source)));
    }

    private static List<String> hookClasses(Map<String, byte[]> classes) {
        var hooks = new ArrayList<String>();
        classes.forEach((name, bytes) -> new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String className, String signature, String superName, String[] interfaces) {
                var concrete = (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_INTERFACE)) == 0;
                if (concrete && List.of(interfaces).contains(HOOK)) {
                    hooks.add(className);
                }
            }
        }, ClassReader.SKIP_CODE));
        return hooks;
    }

    /** A short SHA-256 of a text: tells versions of a service's files apart. */
    public static String digest(String source) {
        try {
            var sha = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
