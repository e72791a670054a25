package io.dbbasic.ai.gate;

import io.dbbasic.hooks.Hook;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one hook source in memory with the JDK's compiler: nothing is written to disk, and the
 * only library on the class path is the hook API's own jar or folder.
 */
final class SourceCompiler {
    /** Either the class files by internal name, or the compiler's errors. */
    record Output(Map<String, byte[]> classes, List<CompileError> errors) {
        boolean ok() {
            return errors.isEmpty();
        }
    }

    private final JavaCompiler compiler;
    private final String classPath;
    /**
     * Opening the platform's class files costs far more than compiling a hook, so one standard file
     * manager is kept and reused; it is not thread-safe, hence {@code compile} is synchronized.
     */
    private final StandardJavaFileManager standard;

    SourceCompiler() {
        this.compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler in this runtime: run DBBasic on a JDK, not a JRE");
        }
        this.classPath = hookApiLocation();
        this.standard = compiler.getStandardFileManager(null, Locale.US, StandardCharsets.UTF_8);
    }

    synchronized Output compile(String source) {
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        var memory = new MemoryFileManager(standard);
        var options = List.of("-g", "-proc:none", "-implicit:none", "-Xlint:none",
                "-encoding", "UTF-8", "-classpath", classPath);
        var task = compiler.getTask(null, memory, diagnostics, options, null, List.of(new SourceFile(source)));
        var ok = task.call();
        var errors = new ArrayList<CompileError>();
        for (var d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(new CompileError((int) Math.max(0, d.getLineNumber()), (int) Math.max(0, d.getColumnNumber()),
                        d.getMessage(Locale.US)));
            }
        }
        if (!ok && errors.isEmpty()) {
            errors.add(new CompileError(0, 0, "the compiler failed without a message"));
        }
        return new Output(ok ? memory.classes() : Map.of(), List.copyOf(errors));
    }

    private static String hookApiLocation() {
        try {
            return Path.of(Hook.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | RuntimeException e) {
            return System.getProperty("java.class.path");
        }
    }

    /** The hook's source. Any public class name is accepted, so the file name never gets in the way. */
    private static final class SourceFile extends SimpleJavaFileObject {
        private final String source;

        SourceFile(String source) {
            super(URI.create("string:///Hook.java"), Kind.SOURCE);
            this.source = source;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
        }

        @Override
        public boolean isNameCompatible(String simpleName, Kind kind) {
            return kind == Kind.SOURCE;
        }
    }

    private static final class ClassFile extends SimpleJavaFileObject {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        ClassFile(String name) {
            super(URI.create("mem:///" + name.replace('.', '/') + ".class"), Kind.CLASS);
        }

        @Override
        public OutputStream openOutputStream() {
            return bytes;
        }
    }

    private static final class MemoryFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, ClassFile> outputs = new LinkedHashMap<>();

        MemoryFileManager(StandardJavaFileManager standard) {
            super(standard);
        }

        @Override
        public JavaFileObject getJavaFileForOutput(JavaFileManager.Location location, String className,
                                                   JavaFileObject.Kind kind, FileObject sibling) {
            var file = new ClassFile(className);
            outputs.put(className.replace('.', '/'), file);
            return file;
        }

        Map<String, byte[]> classes() {
            var result = new LinkedHashMap<String, byte[]>();
            outputs.forEach((name, file) -> result.put(name, file.bytes.toByteArray()));
            return result;
        }
    }
}
