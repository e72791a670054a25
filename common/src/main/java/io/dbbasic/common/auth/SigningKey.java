package io.dbbasic.common.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key every service signs and checks tokens with (HMAC-SHA256), kept in {@code data/secrets/token-key}
 * (mode 600). The first service to start creates it; the others read the same file. Whoever can read it
 * can mint tokens, so it never leaves the data dir.
 */
public final class SigningKey {
    public static final String FILE_NAME = "token-key";
    private static final int KEY_BYTES = 32;

    private final SecretKey key;

    private SigningKey(byte[] bytes) {
        if (bytes.length < KEY_BYTES) {
            throw new IllegalStateException("the signing key must have at least " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** Reads {@code dataDir/secrets/token-key}, creating it (256 random bits) on first start. */
    public static SigningKey loadOrCreate(Path dataDir) {
        var file = SecretFiles.secretsDir(dataDir).resolve(FILE_NAME);
        if (!Files.exists(file)) {
            var bytes = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(bytes);
            SecretFiles.createIfAbsent(file, Base64.getEncoder().encode(bytes));
        }
        try {
            var text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return new SigningKey(Base64.getDecoder().decode(text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the signing key " + file + " is not base64; delete it to make a new one "
                    + "(every token and session then ends)", e);
        }
    }

    SecretKey secretKey() {
        return key;
    }

    /** HMAC-SHA256 of {@code purpose} and {@code data}: the purpose keeps MACs made for one use from serving another. */
    byte[] mac(String purpose, String data) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
