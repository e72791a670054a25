package io.dbbasic.ai.generate;

import io.dbbasic.ai.models.Catalog;
import java.util.function.Function;

/**
 * Turns a description into hook code. {@code check} runs a candidate through the gate and the tests
 * (the caller's examples plus the draft's own); a generator may use it to repair its answer.
 * Returns the last attempt: the caller saves it only when it is {@link Attempt#ok()}.
 */
public interface Generator {
    /** {@code openai:<model>} or {@code offline}, as the generate reply names it. */
    String id();

    Attempt generate(GenerateRequest request, Catalog.ResourceInfo resource, Function<Draft, Attempt> check);
}
