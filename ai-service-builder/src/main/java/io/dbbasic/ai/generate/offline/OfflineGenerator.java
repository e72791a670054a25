package io.dbbasic.ai.generate.offline;

import io.dbbasic.ai.generate.Attempt;
import io.dbbasic.ai.generate.Draft;
import io.dbbasic.ai.generate.GenerateRequest;
import io.dbbasic.ai.generate.Generator;
import io.dbbasic.ai.generate.NotUnderstood;
import io.dbbasic.ai.models.Catalog;
import java.util.ArrayList;
import java.util.Locale;
import java.util.function.Function;

/**
 * Generation without a model: the description is parsed into rules ({@link Parser}), the rules are
 * written out as Java ({@link Code}), and tests are derived from the rules themselves ({@link Rules}),
 * so the code is saved only when it does what the rules say on every derived example (and on the
 * caller's). A description with any clause it cannot read is answered "not understood", naming the
 * clauses it did and did not understand; nothing is guessed.
 */
public final class OfflineGenerator implements Generator {
    @Override
    public String id() {
        return "offline";
    }

    @Override
    public Attempt generate(GenerateRequest request, Catalog.ResourceInfo resource, Function<Draft, Attempt> check) {
        var parser = new Parser(resource);
        var parsed = parser.parse(request.description());
        var understood = parsed.rules().stream().map(Rule::describe).toList();
        if (!parsed.unclear().isEmpty() || parsed.rules().isEmpty()) {
            var unclear = new ArrayList<>(parsed.unclear());
            if (unclear.isEmpty()) {
                unclear.add(request.description().strip());
            }
            if (resource != null && !parser.unknownFields().isEmpty()) {
                unclear.add("(" + resource.name() + " has no field " + String.join(", ", parser.unknownFields()) + "; its fields: "
                        + String.join(", ", resource.fields().stream().map(Catalog.FieldInfo::name).toList()) + ")");
            }
            throw new NotUnderstood(understood, unclear);
        }
        var code = new Code();
        for (int i = 0; i < parsed.rules().size(); i++) {
            parsed.rules().get(i).emit(code, i);
        }
        var source = code.source(className(request.name()), request.description());
        var tests = Rules.tests(parsed.rules(), resource, request.event(), resource == null ? request.resource() : resource.name());
        return check.apply(new Draft(source, tests));
    }

    static String className(String serviceName) {
        var out = new StringBuilder();
        for (var part : serviceName.split("_")) {
            if (!part.isEmpty()) {
                out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return out.length() == 0 || !Character.isJavaIdentifierStart(out.charAt(0)) ? "GeneratedHook" : out.toString();
    }
}
