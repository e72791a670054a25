package io.dbbasic.events.api;

import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.events.log.EventLog;
import io.dbbasic.events.model.EventFilter;
import io.dbbasic.events.model.EventType;
import io.dbbasic.events.model.StreamName;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Query parameters of the read endpoints, checked: a bad value is a 400 that names the parameter and
 * what it accepts. Works on the raw parameter map so that HTTP and WebSocket requests share it.
 */
public final class Params {
    public static final int DEFAULT_LIMIT = 100;

    private final Map<String, List<String>> query;

    public Params(Map<String, List<String>> query) {
        this.query = query;
    }

    public Optional<String> text(String name) {
        var values = query.get(name);
        if (values == null || values.isEmpty() || values.get(0).isBlank()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new BadRequest(name + " is given " + values.size() + " times; give it once");
        }
        return Optional.of(values.get(0).trim());
    }

    public OptionalLong number(String name, long min) {
        var text = text(name);
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!text.get().matches("-?[0-9]{1,18}")) {
            throw new BadRequest(name + " must be a whole number, not '" + shorten(text.get()) + "'");
        }
        var value = Long.parseLong(text.get());
        if (value < min) {
            throw new BadRequest(name + " must be at least " + min + ", not " + value);
        }
        return OptionalLong.of(value);
    }

    /** {@code ?limit=}: default 100, at least 1, values above 10,000 clamped to 10,000. */
    public int limit() {
        return (int) Math.min(EventLog.MAX_LIMIT, number("limit", 1).orElse(DEFAULT_LIMIT));
    }

    /** {@code ?type=&category=&since=&until=} for reads of the whole log and subscriptions. */
    public EventFilter filter() {
        var types = list("type");
        for (var type : types) {
            if (!EventType.valid(type)) {
                throw new BadRequest("type '" + shorten(type) + "' is not an event type: " + EventType.RULE);
            }
        }
        var categories = list("category");
        for (var category : categories) {
            if (category.contains("-")) {
                throw new BadRequest("category '" + shorten(category) + "' holds a '-': a category is a stream name up to its first '-'");
            }
            StreamName.of(category);
        }
        var since = instant("since");
        var until = instant("until");
        return new EventFilter(types, categories, since, until);
    }

    /** Comma-separated values: {@code ?type=a.created,a.updated}. */
    private List<String> list(String name) {
        var out = new ArrayList<String>();
        text(name).ifPresent(text -> {
            for (var part : text.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        });
        return out;
    }

    /** An ISO-8601 instant ({@code 2026-11-25T20:00:00Z}, with any offset) or a date (its start, UTC). */
    private Optional<Instant> instant(String name) {
        return text(name).map(text -> {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException e2) {
                    throw new BadRequest(name + " must be an ISO-8601 time such as 2026-11-25T20:00:00Z or a date such as 2026-11-25, not '"
                            + shorten(text) + "'");
                }
            }
        });
    }

    static String shorten(String s) {
        var cut = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
