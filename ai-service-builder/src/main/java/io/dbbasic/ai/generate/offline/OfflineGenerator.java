package io.dbbasic.ai.generate.offline;

import io.dbbasic.ai.generate.Attempt;
import io.dbbasic.ai.generate.Draft;
import io.dbbasic.ai.generate.GenerateRequest;
import io.dbbasic.ai.generate.Generator;
import io.dbbasic.ai.generate.NotUnderstood;
import io.dbbasic.ai.models.Catalog;
import java.util.List;
import java.util.function.Function;

/** Placeholder until the rule parser lands. */
public final class OfflineGenerator implements Generator {
    @Override
    public String id() {
        return "offline";
    }

    @Override
    public Attempt generate(GenerateRequest request, Catalog.ResourceInfo resource, Function<Draft, Attempt> check) {
        throw new NotUnderstood(List.of(), List.of(request.description()));
    }
}
