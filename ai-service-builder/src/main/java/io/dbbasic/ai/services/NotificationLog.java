package io.dbbasic.ai.services;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where notifications that hooks ask for are recorded: appended as JSON lines to
 * {@code notifications.jsonl} in the builder's data folder, and the latest kept in memory for the API
 * and UI. Nothing is sent: delivery (mail, chat) is for a future outbox to pick up from this file.
 * Appends from request threads are serialised by the monitor.
 */
public final class NotificationLog {
    private static final int RECENT = 200;

    private final Path file;
    private final ObjectMapper json;
    private final Deque<Map<String, Object>> recent = new ArrayDeque<>();

    public NotificationLog(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    public synchronized void record(String service, Map<String, ?> request, List<Map<String, String>> notifications, Instant at) {
        if (notifications.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            var lines = new StringBuilder();
            for (var note : notifications) {
                var entry = new LinkedHashMap<String, Object>();
                entry.put("at", at);
                entry.put("service", service);
                entry.put("event", request.get("event"));
                entry.put("resource", request.get("resource"));
                entry.putAll(note);
                lines.append(json.writeValueAsString(entry)).append('\n');
                recent.addFirst(entry);
                if (recent.size() > RECENT) {
                    recent.removeLast();
                }
            }
            Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record a notification in " + file, e);
        }
    }

    /** The latest notifications, newest first. */
    public synchronized List<Map<String, Object>> recent() {
        return List.copyOf(new ArrayList<>(recent));
    }
}
