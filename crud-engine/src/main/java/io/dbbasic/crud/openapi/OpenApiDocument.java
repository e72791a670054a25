package io.dbbasic.crud.openapi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.dbbasic.crud.live.LiveModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The document as served: generated from each snapshot of the live model, kept as JSON text so a
 * request only copies a string. Reloads (the watcher's thread) replace it; request threads read it.
 */
final class OpenApiDocument {
    private static final Logger log = LoggerFactory.getLogger(OpenApiDocument.class);

    /** One generated document: the snapshot version it describes, its JSON and an ETag of that JSON. */
    record Rendered(long modelVersion, String json, String etag) {}

    private final OpenApiGenerator generator;
    private final ObjectWriter writer;
    private final AtomicReference<Rendered> current = new AtomicReference<>(new Rendered(-1, "{}", "\"\""));

    OpenApiDocument(OpenApiGenerator generator, ObjectMapper json) {
        this.generator = generator;
        // plain decimals: a multipleOf reads 0.01 and an exclusive bound 10000000000000000, not 1E+16
        this.writer = json.writer().with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    /** Follows the live model: renders the current snapshot now and each new one after a reload. */
    OpenApiDocument follow(LiveModel live) {
        live.onChange(change -> render(change.snapshot()));
        render(live.current());
        return this;
    }

    Rendered current() {
        return current.get();
    }

    /**
     * Renders {@code snapshot} unless a newer one is already served: the start-up render and a reload
     * on the watcher's thread may race. A failure keeps the previous document and never reaches the
     * reload, which serves the API whatever happens here.
     */
    void render(LiveModel.Snapshot snapshot) {
        Rendered rendered;
        try {
            var text = writer.writeValueAsString(generator.generate(snapshot.model(), snapshot.errors()));
            rendered = new Rendered(snapshot.version(), text, etag(text));
        } catch (JsonProcessingException | RuntimeException e) {
            log.error("cannot generate the OpenAPI document for model version {}; the previous one stays served", snapshot.version(), e);
            return;
        }
        current.accumulateAndGet(rendered, (old, fresh) -> fresh.modelVersion() >= old.modelVersion() ? fresh : old);
    }

    private static String etag(String text) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
