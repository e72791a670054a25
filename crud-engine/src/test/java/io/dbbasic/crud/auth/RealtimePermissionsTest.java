package io.dbbasic.crud.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbbasic.common.json.Json;
import io.dbbasic.testing.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONTRACT §5 with §9: a realtime subscriber receives only records its read rule allows, live and when
 * resuming with {@code since}. The blog's posts: drafts are for their author and admins only.
 */
class RealtimePermissionsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir Path root;
    private BlogApp blog;
    private final List<WsClient> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        blog = BlogApp.start(root);
    }

    @AfterEach
    void stop() {
        sockets.forEach(WsClient::close);
        blog.close();
    }

    /** A socket subscribed to posts as {@code token} (null: anonymous), from {@code since} when given. */
    private WsClient subscribe(String token, Long since) {
        var uri = URI.create("ws://localhost:" + blog.app.port() + "/ws");
        var socket = token == null ? WsClient.connect(uri) : WsClient.connect(uri, "Authorization", "Bearer " + token);
        sockets.add(socket);
        socket.send("{\"action\":\"subscribe\",\"resource\":\"posts\"" + (since == null ? "" : ",\"since\":" + since) + "}");
        socket.await("the subscription is confirmed", WAIT, m -> m.contains("\"subscribed\""));
        return socket;
    }

    private long post(String token, String slug) {
        var reply = blog.as(token, "POST", "/api/posts", "{\"title\":\"" + slug + "\",\"slug\":\"" + slug + "\",\"content\":\"body\"}");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
        return reply.body().get("id").asLong();
    }

    private void patch(String token, long id, String body) {
        assertThat(blog.as(token, "PATCH", "/api/posts/" + id, body).status()).isEqualTo(200);
    }

    /** The ids of the post events received until the one about {@code marker} with {@code title} (events arrive in commit order). */
    private static List<Long> idsUntil(WsClient socket, long marker, String title) {
        var ids = new ArrayList<Long>();
        socket.await("the change of post " + marker + " to " + title, WAIT, text -> {
            var message = json(text);
            if (message.has("id")) {
                ids.add(message.get("id").asLong());
            }
            return message.path("id").asLong() == marker && title.equals(message.at("/record/title").asText());
        });
        return ids;
    }

    @Test
    void a_subscriber_without_the_right_never_receives_a_draft() {
        var admin = blog.admin();
        var alice = blog.user("alice");
        var bob = blog.user("bob");
        var anonymous = subscribe(null, null);
        var other = subscribe(bob, null);
        var author = subscribe(alice, null);
        var administrator = subscribe(admin, null);

        var draft = post(alice, "a-draft");
        var published = post(alice, "news");
        patch(alice, published, "{\"status\":\"published\"}");
        patch(alice, draft, "{\"content\":\"still a draft\"}");
        assertThat(blog.as(admin, "DELETE", "/api/posts/" + draft, null).status()).isEqualTo(204);
        patch(alice, published, "{\"title\":\"the last change\"}");

        assertThat(idsUntil(anonymous, published, "the last change")).as("anonymous").doesNotContain(draft).contains(published);
        assertThat(idsUntil(other, published, "the last change")).as("another user").doesNotContain(draft).contains(published);
        assertThat(idsUntil(author, published, "the last change")).as("the author").contains(draft, published);
        assertThat(idsUntil(administrator, published, "the last change")).as("an admin").contains(draft, published);

        var resumed = subscribe(bob, 0L);
        assertThat(idsUntil(resumed, published, "the last change")).as("the backlog, replayed with since").doesNotContain(draft);
    }

    private static JsonNode json(String text) {
        try {
            return Json.newMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
