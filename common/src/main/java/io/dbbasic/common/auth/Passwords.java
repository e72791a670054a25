package io.dbbasic.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashing with Argon2id (RFC 9106), at OWASP's recommended minimum: 19 MiB of memory, 2
 * passes, 1 lane, a 16-byte random salt and a 32-byte hash. Hashes are stored in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), so they carry their own parameters and stronger
 * settings later still verify old hashes.
 *
 * <p>Each hash takes 19 MiB for tens of milliseconds; a flood of logins must not exhaust the heap, so at
 * most {@link #MAX_CONCURRENT} run at once and the rest wait their turn.
 */
public final class Passwords {
    public static final int MEMORY_KIB = 19 * 1024;
    public static final int ITERATIONS = 2;
    public static final int PARALLELISM = 1;
    public static final int SALT_BYTES = 16;
    public static final int HASH_BYTES = 32;
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 1024;
    static final int MAX_CONCURRENT = 4;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /** The parameters a stored hash was made with. */
    public record Parameters(int memoryKib, int iterations, int parallelism, int saltBytes, int hashBytes) {}

    private final SecureRandom random;
    private final Semaphore slots = new Semaphore(MAX_CONCURRENT, true);
    // a hash of a random password: checking it costs what checking a real one costs (no user enumeration by timing)
    private final String decoy;

    public Passwords(SecureRandom random) {
        this.random = random;
        this.decoy = hash(new Secrets(random).password());
    }

    public Passwords() {
        this(new SecureRandom());
    }

    /** A new salted Argon2id hash of {@code password}, in PHC form. */
    public String hash(String password) {
        var salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        var out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** Whether {@code password} matches {@code stored}; a null or malformed {@code stored} never matches, in the same time. */
    public boolean verify(String password, String stored) {
        var parsed = stored == null ? null : PHC.matcher(stored);
        if (parsed == null || !parsed.matches() || password == null) {
            verify(password == null ? "" : password, decoy);
            return false;
        }
        var memory = Integer.parseInt(parsed.group(1));
        var iterations = Integer.parseInt(parsed.group(2));
        var parallelism = Integer.parseInt(parsed.group(3));
        if (memory < 8 || memory > 1024 * 1024 || iterations < 1 || parallelism < 1) {
            return false;
        }
        var salt = B64D.decode(parsed.group(4));
        var expected = B64D.decode(parsed.group(5));
        var actual = derive(password, salt, memory, iterations, parallelism, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Spends the time of one verification, for a login whose account does not exist. */
    public void verifyDecoy(String password) {
        verify(password == null ? "" : password, decoy);
    }

    /** The parameters of a stored hash (tests, and deciding whether to re-hash). */
    public static Parameters parameters(String stored) {
        var parsed = PHC.matcher(stored);
        if (!parsed.matches()) {
            throw new IllegalArgumentException("not an Argon2id PHC string");
        }
        return new Parameters(Integer.parseInt(parsed.group(1)), Integer.parseInt(parsed.group(2)), Integer.parseInt(parsed.group(3)),
                B64D.decode(parsed.group(4)).length, B64D.decode(parsed.group(5)).length);
    }

    /** Why {@code password} is not acceptable as a new password, or null. */
    public static String problem(String password) {
        if (password == null || password.isEmpty()) {
            return "is required";
        }
        var length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return "must have at least " + MIN_LENGTH + " characters";
        }
        if (length > MAX_LENGTH) {
            return "must have at most " + MAX_LENGTH + " characters";
        }
        return null;
    }

    private byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
        var parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        var generator = new Argon2BytesGenerator();
        generator.init(parameters);
        var out = new byte[length];
        slots.acquireUninterruptibly();
        try {
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        } finally {
            slots.release();
        }
        return out;
    }
}
