package io.dbbasic.ai.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The gate against ordinary hooks and a hostile corpus: each attack refused, naming what and where. */
class GateTest {
    private static final Gate GATE = new Gate();

    /** A hook whose handle method has {@code body} starting on line 6. */
    static String hook(String body) {
        return hookWith("", body);
    }

    static String hookWith(String members, String body) {
        return "import io.dbbasic.hooks.*;\n"                       // 1
                + "import java.util.*;\n"                            // 2
                + "public class Attack implements Hook {\n"          // 3
                + "    public HookResult handle(HookContext ctx) {\n" // 4
                + "        var r = ctx.record();\n"                  // 5
                + body + "\n"                                        // 6…
                + "        return HookResult.proceed(r);\n"
                + "    }\n"
                + members + "\n"
                + "}\n";
    }

    @Test
    void passes_an_ordinary_hook_with_lambdas_records_enums_streams_and_regex() {
        var source = """
                import io.dbbasic.hooks.*;
                import java.math.BigDecimal;
                import java.math.RoundingMode;
                import java.util.*;
                import java.util.regex.Pattern;
                import java.util.stream.Collectors;

                public class Fine implements Hook {
                    private static final Pattern WORD = Pattern.compile("[a-z]+");
                    private static final List<String> STOP = List.of("a", "the");
                    private static final BigDecimal RATE = new BigDecimal("0.08");
                    enum Tier { LOW, HIGH }
                    record Line(String sku, BigDecimal price) {}

                    public HookResult handle(HookContext ctx) {
                        var r = ctx.record();
                        var words = WORD.matcher(r.getString("title", "").toLowerCase(Locale.ROOT)).results()
                                .map(m -> m.group()).filter(w -> !STOP.contains(w)).collect(Collectors.toList());
                        r.set("slug", String.join("-", words));
                        var total = r.getDecimal("total", BigDecimal.ZERO);
                        var tier = total.compareTo(BigDecimal.TEN) > 0 ? Tier.HIGH : Tier.LOW;
                        switch (tier) {
                            case HIGH: r.set("tier", "high"); break;
                            default: r.set("tier", "low");
                        }
                        var line = new Line("x", total);
                        r.set("tax", line.price().multiply(RATE).setScale(2, RoundingMode.HALF_UP));
                        StringBuilder sb = new StringBuilder();
                        for (int i = 0; i < 3; i++) { sb.append(i); }
                        r.set("digits", sb.toString() + "/" + line);
                        assert total != null;
                        return HookResult.proceed(r);
                    }
                }
                """;

        var result = GATE.check(source);

        assertThat(result).isInstanceOf(GateResult.Passed.class);
        assertThat(((GateResult.Passed) result).hook().hookClass()).isEqualTo("Fine");
    }

    static List<Arguments> hostile() {
        return List.of(
                Arguments.of("reflection", hook("try { Class.forName(\"java.lang.Runtime\").getMethod(\"exit\", int.class); } catch (Exception e) {}"),
                        6, "java.lang.Class.forName"),
                Arguments.of("getClass", hook("r.set(\"c\", r.getClass().getName());"), 6, "getClass"),
                Arguments.of("Runtime.exec", hook("try { Runtime.getRuntime().exec(\"rm -rf /\"); } catch (Exception e) {}"),
                        6, "java.lang.Runtime.getRuntime"),
                Arguments.of("ProcessBuilder", hook("try { new ProcessBuilder(\"sh\").start(); } catch (Exception e) {}"),
                        6, "java.lang.ProcessBuilder"),
                Arguments.of("file read", hook("try { r.set(\"x\", java.nio.file.Files.readString(java.nio.file.Path.of(\"/etc/passwd\"))); } catch (Exception e) {}"),
                        6, "java.nio.file.Files.readString"),
                Arguments.of("FileInputStream", hook("try (var in = new java.io.FileInputStream(\"/etc/passwd\")) { in.read(); } catch (Exception e) {}"),
                        6, "java.io.FileInputStream"),
                Arguments.of("socket", hook("try (var s = new java.net.Socket(\"example.com\", 80)) { } catch (Exception e) {}"),
                        6, "java.net.Socket"),
                Arguments.of("http client", hook("var c = java.net.http.HttpClient.newHttpClient();"), 6, "java.net.http.HttpClient"),
                Arguments.of("thread", hook("new Thread(() -> {}).start();"), 6, "java.lang.Thread"),
                Arguments.of("executor", hook("java.util.concurrent.Executors.newFixedThreadPool(2);"), 6, "java.util.concurrent.Executors"),
                Arguments.of("parallel stream", hook("List.of(1, 2).parallelStream().count();"), 6, "parallelStream"),
                Arguments.of("System.exit", hook("System.exit(1);"), 6, "java.lang.System.exit"),
                Arguments.of("System.getenv", hook("r.set(\"k\", System.getenv(\"OPENAI_API_KEY\"));"), 6, "java.lang.System.getenv"),
                Arguments.of("System.out", hook("System.out.println(r);"), 6, "java.lang.System.out"),
                Arguments.of("class loading", hook("try { ClassLoader.getSystemClassLoader().loadClass(\"x\"); } catch (Exception e) {}"),
                        6, "java.lang.ClassLoader"),
                Arguments.of("system property", hook("r.set(\"p\", Integer.getInteger(\"x\"));"), 6, "java.lang.Integer.getInteger"),
                Arguments.of("catching Throwable", hook("try { r.set(\"a\", 1); } catch (Throwable t) { }"), 6, "catching java.lang.Throwable"),
                Arguments.of("synchronized", hook("synchronized (r) { r.set(\"a\", 1); }"), 6, "synchronized"),
                Arguments.of("method handle", hook("try { java.lang.invoke.MethodHandles.lookup(); } catch (Exception e) {}"),
                        6, "java.lang.invoke.MethodHandles"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void refuses_hostile_code_naming_the_violation_and_its_line(String attack, String source, int line, String named) {
        var result = GATE.check(source);

        assertThat(result).as(attack).isInstanceOf(GateResult.Refused.class);
        var refused = (GateResult.Refused) result;
        assertThat(refused.errors()).as(attack + " compiles").isEmpty();
        assertThat(refused.violations()).as(attack).anySatisfy(v -> {
            assertThat(v.message()).contains(named);
            assertThat(v.line()).isEqualTo(line);
        });
    }

    @Test
    void refuses_static_mutable_state_in_every_form() {
        var counter = GATE.check(hookWith("    static int calls;", "calls++;"));
        var list = GATE.check(hookWith("    static final List<String> SEEN = new ArrayList<>();", "SEEN.add(\"x\");"));
        var array = GATE.check(hookWith("    static final int[] COUNTS = new int[1];", "COUNTS[0]++;"));
        var builder = GATE.check(hookWith("    static final StringBuilder LOG = new StringBuilder();", "LOG.append(1);"));
        var enumField = GATE.check(hookWith("    enum Box { ONE; int n; }", "Box.ONE.n++;"));
        var hidden = GATE.check(hookWith("    static final Map<String, int[]> HIDDEN = Map.of(\"k\", new int[1]);", "HIDDEN.get(\"k\")[0]++;"));
        var hiddenList = GATE.check(hookWith("    static final List<List<String>> HIDDEN = List.of(new ArrayList<>());", "HIDDEN.get(0).add(\"x\");"));

        assertThat(violations(counter)).anySatisfy(v -> {
            assertThat(v.kind()).isEqualTo("static mutable state");
            assertThat(v.message()).contains("calls");
            assertThat(v.line()).isEqualTo(9);
        });
        assertThat(violations(list)).anySatisfy(v -> assertThat(v.message()).contains("SEEN").contains("List.of"));
        assertThat(violations(array)).anySatisfy(v -> assertThat(v.message()).contains("COUNTS"));
        assertThat(violations(builder)).anySatisfy(v -> assertThat(v.message()).contains("LOG"));
        assertThat(violations(enumField)).anySatisfy(v -> assertThat(v.message()).contains("enum field n"));
        assertThat(violations(hidden)).anySatisfy(v -> assertThat(v.message()).contains("creates an array"));
        assertThat(violations(hiddenList)).anySatisfy(v -> assertThat(v.message()).contains("creates a mutable java.util.ArrayList"));
    }

    @Test
    void reports_compiler_errors_with_line_and_column() {
        var result = GATE.check(hook("r.set(\"a\", undefinedThing);"));

        assertThat(result).isInstanceOf(GateResult.Refused.class);
        assertThat(((GateResult.Refused) result).errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(6);
            assertThat(e.column()).isPositive();
            assertThat(e.message()).contains("undefinedThing");
        });
    }

    @Test
    void refuses_classes_in_reserved_packages() {
        var result = GATE.check("package io.dbbasic.hooks;\npublic class Sneaky implements Hook {\n"
                + "    public HookResult handle(HookContext ctx) { return HookResult.proceed(ctx.record()); }\n}\n");

        assertThat(violations(result)).anySatisfy(v -> assertThat(v.message()).contains("io.dbbasic.hooks.Sneaky").contains("reserved"));
    }

    @Test
    void needs_exactly_one_hook_class() {
        var result = GATE.check("public class Nothing { }");

        assertThat(violations(result)).anySatisfy(v -> assertThat(v.message()).contains("no class implements"));
    }

    @Test
    void cannot_reach_the_builder_internals_or_libraries() {
        var internals = GATE.check(hook("io.dbbasic.ai.sandbox.Budget.tick();"));
        var library = GATE.check(hook("com.fasterxml.jackson.databind.ObjectMapper m = null;"));

        assertThat(violations(internals)).anySatisfy(v -> assertThat(v.message()).contains("io.dbbasic.ai.sandbox.Budget.tick"));
        assertThat(((GateResult.Refused) library).errors()).anySatisfy(e -> assertThat(e.message()).contains("com.fasterxml"));
    }

    private static List<Violation> violations(GateResult result) {
        assertThat(result).isInstanceOf(GateResult.Refused.class);
        return ((GateResult.Refused) result).violations();
    }
}
