package io.dbbasic.common.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dbbasic.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code data/secrets/auth-state.json}: the {@link AuthState} the crud-engine writes (atomically, mode
 * 600) and the other services read. A reader looks at the file's attributes at most once per
 * {@code recheck} (one {@code stat}, on the request that comes after the interval) and parses it only
 * when it changed, so revocations reach every service within {@code recheck} of being written.
 * Thread-safe: the state is an immutable snapshot in a volatile field.
 */
public final class AuthStateFile {
    public static final String FILE_NAME = "auth-state.json";
    /** How stale a reader's view may be; CONTRACT §9 allows 60 s, this is far inside it. */
    public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(AuthStateFile.class);

    private record Seen(Object fileKey, long modified, long size) {}

    private final Path file;
    private final Clock clock;
    private final Duration recheck;
    private final ObjectMapper json = Json.newMapper();
    private volatile AuthState state = AuthState.EMPTY;
    private volatile Seen seen;
    private volatile Instant checkedAt = Instant.MIN;

    public AuthStateFile(Path dataDir, Clock clock, Duration recheck) {
        this.file = SecretFiles.secretsDir(dataDir).resolve(FILE_NAME);
        this.clock = clock;
        this.recheck = recheck;
    }

    /** The state as last read, re-read first when the interval has passed and the file changed. */
    public AuthState current() {
        var now = clock.instant();
        if (!now.isBefore(checkedAt.plus(recheck))) {
            refresh(now);
        }
        return state;
    }

    /** Replaces the file (the crud-engine only): readers see the old or the new state, never half of one. */
    public synchronized void write(AuthState next) {
        try {
            SecretFiles.replace(file, json.writeValueAsBytes(next));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        state = next;
        checkedAt = Instant.MIN;
    }

    private synchronized void refresh(Instant now) {
        if (now.isBefore(checkedAt.plus(recheck))) {
            return;   // another thread refreshed while this one waited
        }
        try {
            var attributes = Files.readAttributes(file, BasicFileAttributes.class);
            var current = new Seen(attributes.fileKey(), attributes.lastModifiedTime().toMillis(), attributes.size());
            if (!Objects.equals(current, seen)) {
                state = json.readValue(Files.readAllBytes(file), AuthState.class);
                seen = current;
            }
        } catch (NoSuchFileException e) {
            state = AuthState.EMPTY;   // nothing revoked yet: the crud-engine has not written one
            seen = null;
        } catch (IOException | RuntimeException e) {
            // keep the last good state: a file being replaced is never half-written, so this is a real fault
            log.warn("cannot read {}: {}", file, e.toString());
        }
        checkedAt = now;
    }
}
