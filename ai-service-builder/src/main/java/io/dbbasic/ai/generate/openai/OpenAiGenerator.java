package io.dbbasic.ai.generate.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.dbbasic.ai.BuilderConfig;
import io.dbbasic.ai.generate.Attempt;
import io.dbbasic.ai.generate.Draft;
import io.dbbasic.ai.generate.GenerateRequest;
import io.dbbasic.ai.generate.Generator;
import io.dbbasic.ai.models.Catalog;
import io.dbbasic.common.errors.DependencyDown;
import io.dbbasic.common.json.Json;
import java.time.Duration;
import java.util.function.Function;

/**
 * Generation through an OpenAI-compatible server (Chat Completions, the OpenAI Java SDK). The first
 * answer is checked by the gate and the tests; compiler errors, violations and failed tests go back to
 * the model for up to {@link #REPAIR_ROUNDS} repairs, in the same conversation.
 */
public final class OpenAiGenerator implements Generator {
    public static final int REPAIR_ROUNDS = 3;

    private final BuilderConfig.OpenAi config;
    private final OpenAIClient client;
    private final ObjectMapper json = Json.newMapper();

    public OpenAiGenerator(BuilderConfig.OpenAi config) {
        this.config = config;
        this.client = OpenAIOkHttpClient.builder()
                .apiKey(config.apiKey())
                .baseUrl(config.baseUrl())
                .timeout(Duration.ofSeconds(60))
                .maxRetries(1)
                .build();
    }

    @Override
    public String id() {
        return "openai:" + config.model();
    }

    @Override
    public Attempt generate(GenerateRequest request, Catalog.ResourceInfo resource, Function<Draft, Attempt> check) {
        var conversation = ChatCompletionCreateParams.builder()
                .model(config.model())
                .temperature(0.2)
                .addSystemMessage(Prompt.SYSTEM)
                .addUserMessage(Prompt.task(request, resource, json));
        Attempt attempt = null;
        for (int round = 0; round <= REPAIR_ROUNDS; round++) {
            var reply = ask(conversation.build());
            attempt = check.apply(Answer.parse(reply, json));
            if (attempt.ok()) {
                return attempt;
            }
            conversation.addAssistantMessage(reply).addUserMessage(Prompt.repair(attempt.feedback()));
        }
        return attempt;
    }

    private String ask(ChatCompletionCreateParams params) {
        try {
            var completion = client.chat().completions().create(params);
            return completion.choices().isEmpty() ? "" : completion.choices().get(0).message().content().orElse("");
        } catch (OpenAIException e) {
            throw new DependencyDown("the model server at " + config.baseUrl() + " failed: " + e.getMessage());
        }
    }
}
