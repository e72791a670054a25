package io.dbbasic.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets and their SHA-256 hashes: session ids, API tokens, generated passwords. */
public final class Secrets {
    /** The prefix of API tokens, so a leaked one is recognisable (and secret scanners can find it). */
    public static final String API_TOKEN_PREFIX = "dbb_";
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final SecureRandom random;

    public Secrets(SecureRandom random) {
        this.random = random;
    }

    public Secrets() {
        this(new SecureRandom());
    }

    /** 256 random bits, base64url: a session id. */
    public String sessionId() {
        return randomText(32);
    }

    /** {@code dbb_} and 256 random bits: an API token, shown once. */
    public String apiToken() {
        return API_TOKEN_PREFIX + randomText(32);
    }

    /** 128 random bits, base64url: a CSRF value before login. */
    public String nonce() {
        return randomText(16);
    }

    /** A password of 20 characters from an alphabet without look-alikes (about 116 bits). */
    public String password() {
        var out = new StringBuilder(20);
        for (var i = 0; i < 20; i++) {
            out.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return out.toString();
    }

    public static boolean looksLikeApiToken(String token) {
        return token.startsWith(API_TOKEN_PREFIX);
    }

    /** SHA-256 in hex: what is stored of session ids and API tokens (they are random, so no salt is needed). */
    public static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Compares in time that does not depend on where the texts differ. */
    public static boolean constantTimeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private String randomText(int bytes) {
        var buffer = new byte[bytes];
        random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
