package io.dbbasic.ai.generate.openai;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.ai.generate.Draft;
import io.dbbasic.ai.services.SaveRequest;
import io.dbbasic.ai.services.TestCase;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads a model's reply: the code from its ```java block, its tests from its ```json block. */
final class Answer {
    private static final Pattern JAVA = Pattern.compile("```(?:java)?\\s*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern JSON = Pattern.compile("```json\\s*\\n(.*?)```", Pattern.DOTALL);

    private Answer() {}

    static Draft parse(String reply, ObjectMapper json) {
        var text = reply == null ? "" : reply;
        var code = text;
        var java = JAVA.matcher(text);
        while (java.find()) {
            if (java.group(1).contains("class")) {
                code = java.group(1);
                break;
            }
        }
        List<TestCase> tests = List.of();
        var tests1 = JSON.matcher(text);
        if (tests1.find()) {
            try {
                List<Map<String, Object>> items = json.readValue(tests1.group(1), new TypeReference<>() {});
                tests = SaveRequest.TestCases.from(items).stream()
                        .map(t -> new TestCase("model: " + t.name(), t.input(), t.expected())).toList();
            } catch (IOException | RuntimeException e) {
                tests = List.of();   // unreadable tests are dropped; the caller's examples still apply
            }
        }
        return new Draft(code.strip() + "\n", tests);
    }
}
