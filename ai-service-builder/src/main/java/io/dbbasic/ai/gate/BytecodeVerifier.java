package io.dbbasic.ai.gate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Checks compiled hook classes against the {@link Allowlist}, member by member, and refuses static
 * mutable state: the only way one call of a hook could leave something for the next, since each call
 * gets a fresh instance. Works on bytecode, not source, so that nothing the compiler adds (lambdas,
 * string concatenation, record methods) slips past, and every finding carries its source line.
 */
final class BytecodeVerifier {
    private static final Set<String> ALLOWED_SUPERCLASSES = Set.of("java/lang/Object", "java/lang/Record", "java/lang/Enum",
            "java/lang/Exception", "java/lang/RuntimeException", "java/lang/IllegalArgumentException", "java/lang/IllegalStateException");
    /** Catching these would let a hook swallow the error that stops a runaway call. */
    private static final Set<String> UNCATCHABLE = Set.of("java/lang/Throwable", "java/lang/Error", "java/lang/VirtualMachineError",
            "java/lang/StackOverflowError", "java/lang/OutOfMemoryError", "java/lang/LinkageError", "java/lang/AssertionError");
    /** Values of these types cannot change, so they are fine in static final fields. */
    private static final Set<String> IMMUTABLE = Set.of("java/lang/String", "java/lang/Integer", "java/lang/Long", "java/lang/Short",
            "java/lang/Byte", "java/lang/Character", "java/lang/Boolean", "java/lang/Double", "java/lang/Float",
            "java/math/BigDecimal", "java/math/BigInteger", "java/math/MathContext", "java/math/RoundingMode",
            "java/util/regex/Pattern", "java/util/Locale", "java/time/format/DateTimeFormatter", "java/time/temporal/ChronoUnit");
    /** Collection types that are immutable when (and only when) filled by one of {@link #IMMUTABLE_FACTORIES}. */
    private static final Set<String> COLLECTIONS = Set.of("java/util/List", "java/util/Set", "java/util/Map", "java/util/Collection");
    private static final Set<String> IMMUTABLE_FACTORIES = Set.of("java/util/List.of", "java/util/List.copyOf", "java/util/Set.of",
            "java/util/Set.copyOf", "java/util/Map.of", "java/util/Map.copyOf", "java/util/Map.ofEntries",
            "java/util/Collections.emptyList", "java/util/Collections.emptySet", "java/util/Collections.emptyMap");
    private static final Set<String> BOOTSTRAPS = Set.of("java/lang/invoke/LambdaMetafactory.metafactory",
            "java/lang/invoke/LambdaMetafactory.altMetafactory", "java/lang/invoke/StringConcatFactory.makeConcatWithConstants",
            "java/lang/invoke/StringConcatFactory.makeConcat", "java/lang/runtime/ObjectMethods.bootstrap");

    private final Allowlist allowlist;

    BytecodeVerifier(Allowlist allowlist) {
        this.allowlist = allowlist;
    }

    /** What the compiler made of one class, for resolving calls between the hook's own classes. */
    private record ClassInfo(String name, String superName, List<String> interfaces, int access,
                             Set<String> members, Map<String, FieldInfo> fields) {}

    private record FieldInfo(String name, String descriptor, int access) {}

    List<Violation> verify(Map<String, byte[]> classes, String source) {
        var infos = new HashMap<String, ClassInfo>();
        classes.forEach((name, bytes) -> infos.put(name, describe(bytes)));
        var findings = new Findings(source);
        for (var bytes : classes.values()) {
            new ClassReader(bytes).accept(new Checker(infos, findings), 0);
        }
        return findings.list();
    }

    private static ClassInfo describe(byte[] bytes) {
        var members = new HashSet<String>();
        var fields = new HashMap<String, FieldInfo>();
        var info = new ClassInfo[1];
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            private String name;
            private String superName;
            private List<String> interfaces;
            private int access;

            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                this.name = name;
                this.superName = superName;
                this.interfaces = List.of(interfaces);
                this.access = access;
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                members.add(name);
                fields.put(name, new FieldInfo(name, descriptor, access));
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                members.add(name);
                return null;
            }

            @Override
            public void visitEnd() {
                info[0] = new ClassInfo(name, superName, interfaces, access, Set.copyOf(members), Map.copyOf(fields));
            }
        }, ClassReader.SKIP_CODE);
        return info[0];
    }

    /** Violations in source order, one per line and message. */
    private static final class Findings {
        private final Set<Violation> found = new LinkedHashSet<>();
        private final String[] lines;

        Findings(String source) {
            this.lines = source.split("\n", -1);
        }

        void add(int line, String kind, String message) {
            found.add(new Violation(line, kind, message));
        }

        /** The first source line matching {@code regex}, for findings without bytecode lines (fields, classes). */
        int lineOf(String regex) {
            var pattern = Pattern.compile(regex);
            for (int i = 0; i < lines.length; i++) {
                if (pattern.matcher(lines[i]).find()) {
                    return i + 1;
                }
            }
            return 0;
        }

        List<Violation> list() {
            var sorted = new ArrayList<>(found);
            sorted.sort((a, b) -> Integer.compare(a.line(), b.line()));
            return List.copyOf(sorted);
        }
    }

    private final class Checker extends ClassVisitor {
        private final Map<String, ClassInfo> own;
        private final Findings findings;
        private String className;
        private boolean isEnum;
        private boolean isSynthetic;
        /** Static final fields of collection type, and those the class initialiser fills from an immutable factory. */
        private final Map<String, FieldInfo> collectionStatics = new HashMap<>();
        private final Set<String> immutablyFilled = new HashSet<>();
        private final Map<String, Integer> putStaticLines = new HashMap<>();

        Checker(Map<String, ClassInfo> own, Findings findings) {
            super(Opcodes.ASM9);
            this.own = own;
            this.findings = findings;
        }

        private String simple(String internal) {
            var name = internal.substring(internal.lastIndexOf('/') + 1);
            return name.substring(name.lastIndexOf('$') + 1);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            className = name;
            isEnum = (access & Opcodes.ACC_ENUM) != 0;
            isSynthetic = (access & Opcodes.ACC_SYNTHETIC) != 0;
            var classLine = findings.lineOf("\\b(class|record|enum|interface)\\s+" + Pattern.quote(simple(name)) + "\\b");
            if (superName != null && !own.containsKey(superName) && !ALLOWED_SUPERCLASSES.contains(superName)) {
                findings.add(classLine, Allowlist.kindOf(superName), "extending " + dotted(superName) + " is not allowed ("
                        + Allowlist.kindOf(superName) + ")");
            }
            for (var parent : interfaces) {
                checkType(parent, classLine);
            }
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            var isStatic = (access & Opcodes.ACC_STATIC) != 0;
            var quoted = Pattern.quote(name);
            var line = isStatic ? findings.lineOf("\\bstatic\\b[^(]*\\b" + quoted + "\\b")
                    : findings.lineOf("\\w[\\w<>\\[\\], ]*\\s+" + quoted + "\\s*(=[^=]|;|,)");
            checkDescriptor(Type.getType(descriptor), line);
            var isFinal = (access & Opcodes.ACC_FINAL) != 0;
            var synthetic = (access & Opcodes.ACC_SYNTHETIC) != 0;
            if (isStatic && !synthetic) {
                if (!isFinal) {
                    findings.add(line, "static mutable state", "static field " + name + " is not final (static mutable state: "
                            + "it would carry data from one call to the next)");
                } else if (!immutable(Type.getType(descriptor), new HashSet<>())) {
                    if (COLLECTIONS.contains(Type.getType(descriptor).getInternalName())) {
                        collectionStatics.put(name, new FieldInfo(name, descriptor, access));
                    } else {
                        findings.add(line, "static mutable state", "static field " + name + " holds a mutable "
                                + Type.getType(descriptor).getClassName() + " (static mutable state)");
                    }
                }
            }
            if (!isStatic && !isFinal && isEnum) {
                findings.add(line, "static mutable state", "enum field " + name + " is not final (enum constants are shared "
                        + "by every call: static mutable state)");
            }
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            var declared = findings.lineOf("\\b" + Pattern.quote(name) + "\\s*\\(");
            if ((access & Opcodes.ACC_NATIVE) != 0) {
                findings.add(declared, "native code", "native method " + name + " is not allowed");
            }
            if ((access & Opcodes.ACC_SYNCHRONIZED) != 0) {
                findings.add(declared, "threads", "synchronized method " + name + " is not allowed (threads)");
            }
            var type = Type.getMethodType(descriptor);
            for (var arg : type.getArgumentTypes()) {
                checkDescriptor(arg, declared);
            }
            checkDescriptor(type.getReturnType(), declared);
            return new CodeChecker(name, declared);
        }

        @Override
        public void visitEnd() {
            collectionStatics.forEach((name, field) -> {
                if (!immutablyFilled.contains(name)) {
                    var line = putStaticLines.getOrDefault(name, findings.lineOf("\\bstatic\\b[^(]*\\b" + Pattern.quote(name) + "\\b"));
                    findings.add(line, "static mutable state", "static field " + name + " must be filled with List.of, Set.of, "
                            + "Map.of or copyOf (static mutable state: a modifiable collection would carry data between calls)");
                }
            });
        }

        private boolean immutable(Type type, Set<String> seen) {
            if (type.getSort() != Type.OBJECT) {
                return type.getSort() != Type.ARRAY;
            }
            var name = type.getInternalName();
            if (IMMUTABLE.contains(name) || (name.startsWith("java/time/") && !name.startsWith("java/time/zone/"))) {
                return true;
            }
            var info = own.get(name);
            if (info == null || !seen.add(name)) {
                return info != null;
            }
            var immutableKind = (info.access() & (Opcodes.ACC_ENUM | Opcodes.ACC_FINAL)) != 0 || "java/lang/Record".equals(info.superName());
            return immutableKind && info.fields().values().stream()
                    .filter(f -> (f.access() & Opcodes.ACC_STATIC) == 0)
                    .allMatch(f -> (f.access() & Opcodes.ACC_FINAL) != 0 && immutable(Type.getType(f.descriptor()), seen));
        }

        void checkDescriptor(Type type, int line) {
            if (type.getSort() == Type.ARRAY) {
                checkDescriptor(type.getElementType(), line);
            } else if (type.getSort() == Type.OBJECT) {
                checkType(type.getInternalName(), line);
            }
        }

        void checkType(String internalName, int line) {
            var type = internalName.startsWith("[") ? Type.getType(internalName).getElementType() : Type.getObjectType(internalName);
            if (type.getSort() != Type.OBJECT) {
                return;
            }
            var name = type.getInternalName();
            if (!own.containsKey(name) && !allowlist.typeAllowed(name)) {
                var kind = Allowlist.kindOf(name);
                findings.add(line, kind, dotted(name) + " is not allowed (" + kind + ")");
            }
        }

        void checkMember(String owner, String name, int line, boolean method) {
            if (owner.startsWith("[")) {
                if (!name.equals("clone") && !name.equals("length")) {
                    findings.add(line, "not on the allowlist", "array method " + name + " is not allowed");
                }
                return;
            }
            if (own.containsKey(owner)) {
                if (!ownMemberAllowed(owner, name, new HashSet<>())) {
                    var kind = "not on the allowlist";
                    findings.add(line, kind, (method ? "method " : "field ") + name + " (inherited by " + simple(owner)
                            + ") is not allowed");
                }
                return;
            }
            if (!allowlist.memberAllowed(owner, name)) {
                var kind = allowlist.typeAllowed(owner) ? kindOfMember(name) : Allowlist.kindOf(owner);
                findings.add(line, kind, dotted(owner) + "." + name + " is not allowed (" + kind + ")");
            }
        }

        private String kindOfMember(String name) {
            if (name.equals("getClass")) {
                return "reflection";
            }
            if (name.startsWith("parallel") || name.equals("wait") || name.startsWith("notify")) {
                return "threads";
            }
            if (name.startsWith("get") && (name.equals("getInteger") || name.equals("getLong") || name.equals("getBoolean"))) {
                return "System";
            }
            return "not on the allowlist";
        }

        /** A member reached through one of the hook's own classes: declared there, or allowed on an ancestor. */
        private boolean ownMemberAllowed(String owner, String name, Set<String> seen) {
            if (!seen.add(owner)) {
                return false;
            }
            var info = own.get(owner);
            if (info == null) {
                return allowlist.memberAllowed(owner, name);
            }
            if (info.members().contains(name)) {
                return true;
            }
            var parents = new ArrayList<String>();
            if (info.superName() != null) {
                parents.add(info.superName());
            }
            parents.addAll(info.interfaces());
            return parents.stream().anyMatch(parent -> ownMemberAllowed(parent, name, seen));
        }

        private final class CodeChecker extends MethodVisitor {
            private final String method;
            private int line;
            /** The previous instruction when it was a static call, as "owner.name", to see what fills a static field. */
            private String lastStaticCall;

            CodeChecker(String method, int declaredLine) {
                super(Opcodes.ASM9);
                this.method = method;
                this.line = declaredLine;
            }

            @Override
            public void visitLineNumber(int line, Label start) {
                this.line = line;
                reportCatch();
            }

            /** Catch types by handler label: reported at the handler, where the line number is known. */
            private final Map<Label, String> catches = new HashMap<>();
            private String pendingCatch;

            @Override
            public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                if (type != null) {
                    catches.put(handler, type);
                }
            }

            @Override
            public void visitLabel(Label label) {
                var type = catches.remove(label);
                if (type != null) {
                    pendingCatch = type;
                }
            }

            private void reportCatch() {
                if (pendingCatch == null) {
                    return;
                }
                var type = pendingCatch;
                pendingCatch = null;
                if (UNCATCHABLE.contains(type)) {
                    findings.add(line, "catch", "catching " + dotted(type) + " is not allowed: it would swallow the error "
                            + "that stops a runaway call; catch Exception or something narrower");
                }
                checkType(type, line);
            }

            @Override
            public void visitEnd() {
                reportCatch();
            }

            @Override
            public void visitInsn(int opcode) {
                reportCatch();
                lastStaticCall = null;
                if (opcode == Opcodes.MONITORENTER) {
                    findings.add(line, "threads", "synchronized blocks are not allowed (threads)");
                }
            }

            @Override
            public void visitIntInsn(int opcode, int operand) {
                lastStaticCall = null;
                if (opcode == Opcodes.NEWARRAY) {
                    staticCreation("an array");
                }
            }

            /**
             * A class initialiser that creates a mutable object can hide it in a static field, even inside an
             * immutable List.of (an array or a StringBuilder as an element): refused. Enum and compiler-made
             * classes build their constant tables here, and are exempt.
             */
            private void staticCreation(String what) {
                if (method.equals("<clinit>") && !isEnum && !isSynthetic) {
                    findings.add(line, "static mutable state", "the static initialiser creates " + what
                            + ", which every call could change (static mutable state)");
                }
            }

            @Override
            public void visitVarInsn(int opcode, int varIndex) {
                reportCatch();
                lastStaticCall = null;
            }

            @Override
            public void visitJumpInsn(int opcode, Label label) {
                lastStaticCall = null;
            }

            @Override
            public void visitIincInsn(int varIndex, int increment) {
                lastStaticCall = null;
            }

            @Override
            public void visitTypeInsn(int opcode, String type) {
                lastStaticCall = null;
                checkType(type, line);
                if (opcode == Opcodes.ANEWARRAY) {
                    staticCreation("an array");
                } else if (opcode == Opcodes.NEW && !immutable(Type.getObjectType(type), new HashSet<>())) {
                    staticCreation("a mutable " + dotted(type));
                }
            }

            @Override
            public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
                lastStaticCall = null;
                checkDescriptor(Type.getType(descriptor), line);
                staticCreation("an array");
            }

            @Override
            public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                if (opcode == Opcodes.PUTSTATIC && own.containsKey(owner)) {
                    putStaticLines.putIfAbsent(name, line);
                    if (!method.equals("<clinit>") || !owner.equals(className)) {
                        findings.add(line, "static mutable state", "assigning the static field " + name
                                + " is not allowed (static mutable state)");
                    } else if (lastStaticCall != null && IMMUTABLE_FACTORIES.contains(lastStaticCall)) {
                        immutablyFilled.add(name);
                    }
                } else if (!own.containsKey(owner)) {
                    if (allowlist.typeAllowed(owner)) {
                        checkMember(owner, name, line, false);
                    } else {
                        var kind = Allowlist.kindOf(owner);
                        findings.add(line, kind, dotted(owner) + "." + name + " is not allowed (" + kind + ")");
                    }
                } else {
                    checkMember(owner, name, line, false);
                }
                checkDescriptor(Type.getType(descriptor), line);
                lastStaticCall = null;
            }

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                if (!own.containsKey(owner) && !owner.startsWith("[") && !allowlist.typeAllowed(owner)) {
                    var kind = Allowlist.kindOf(owner);
                    findings.add(line, kind, dotted(owner) + "." + name + " is not allowed (" + kind + ")");
                } else {
                    checkMember(owner, name, line, true);
                }
                lastStaticCall = opcode == Opcodes.INVOKESTATIC ? owner + "." + name : null;
            }

            @Override
            public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                lastStaticCall = null;
                var key = bootstrap.getOwner() + "." + bootstrap.getName();
                if (!BOOTSTRAPS.contains(key)) {
                    findings.add(line, "reflection", "dynamic call through " + dotted(bootstrap.getOwner()) + "." + bootstrap.getName()
                            + " is not allowed (reflection)");
                    return;
                }
                checkDescriptor(Type.getMethodType(descriptor).getReturnType(), line);
                for (var argument : arguments) {
                    if (argument instanceof Handle handle) {
                        checkHandle(handle);
                    }
                }
            }

            @Override
            public void visitLdcInsn(Object value) {
                lastStaticCall = null;
                if (value instanceof Type type && (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY)) {
                    var element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
                    if (element.getSort() == Type.OBJECT && !own.containsKey(element.getInternalName())) {
                        findings.add(line, "reflection", "the class literal " + element.getClassName() + ".class is not allowed (reflection)");
                    }
                } else if (value instanceof Handle handle) {
                    checkHandle(handle);
                } else if (value instanceof ConstantDynamic) {
                    findings.add(line, "reflection", "dynamic constants are not allowed (reflection)");
                }
            }

            private void checkHandle(Handle handle) {
                var owner = handle.getOwner();
                if (own.containsKey(owner)) {
                    checkMember(owner, handle.getName(), line, true);
                } else if (!allowlist.typeAllowed(owner)) {
                    var kind = Allowlist.kindOf(owner);
                    findings.add(line, kind, dotted(owner) + "::" + handle.getName() + " is not allowed (" + kind + ")");
                } else {
                    checkMember(owner, handle.getName(), line, true);
                }
            }

            @Override
            public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
                lastStaticCall = null;
            }

            @Override
            public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
                lastStaticCall = null;
            }
        }
    }

    private static String dotted(String internal) {
        return internal.replace('/', '.');
    }
}
