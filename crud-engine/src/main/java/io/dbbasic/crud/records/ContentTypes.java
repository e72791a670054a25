package io.dbbasic.crud.records;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The type of an uploaded file, decided from its first bytes (what it is), refined by its name only where
 * the bytes cannot tell (a ZIP is also a .docx; text is also .csv). The client's declared Content-Type is
 * never trusted: a file field's {@code accept} is checked against this type, and downloads are served with it.
 */
final class ContentTypes {
    static final String OCTET_STREAM = "application/octet-stream";
    /** How many leading bytes {@link #sniff} looks at. */
    static final int SAMPLE = 512;

    /** The type each extension stands for, where DBBasic can check it against the content. */
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("tif", "image/tiff"),
            Map.entry("tiff", "image/tiff"), Map.entry("avif", "image/avif"), Map.entry("heic", "image/heic"),
            Map.entry("svg", "image/svg+xml"), Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"), Map.entry("7z", "application/x-7z-compressed"), Map.entry("rar", "application/vnd.rar"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("odt", "application/vnd.oasis.opendocument.text"), Map.entry("ods", "application/vnd.oasis.opendocument.spreadsheet"),
            Map.entry("epub", "application/epub+zip"), Map.entry("mp3", "audio/mpeg"), Map.entry("ogg", "audio/ogg"),
            Map.entry("wav", "audio/wav"), Map.entry("mp4", "video/mp4"), Map.entry("mov", "video/quicktime"),
            Map.entry("webm", "video/webm"), Map.entry("txt", "text/plain"), Map.entry("csv", "text/csv"),
            Map.entry("md", "text/markdown"), Map.entry("json", "application/json"), Map.entry("xml", "application/xml"),
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("css", "text/css"),
            Map.entry("js", "text/javascript"), Map.entry("yaml", "application/yaml"), Map.entry("yml", "application/yaml"));

    /** ZIP containers told apart by name: their first bytes are all {@code PK\3\4}. */
    private static final List<String> ZIP_FAMILY = List.of("application/zip", "application/epub+zip",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet");

    /** Types served inline: they cannot run script in the browser. Everything else is a download. */
    private static final List<String> INLINE = List.of("image/png", "image/jpeg", "image/gif", "image/webp", "image/avif",
            "application/pdf", "text/plain", "audio/mpeg", "audio/ogg", "audio/wav", "video/mp4", "video/webm");

    private ContentTypes() {}

    /** The type of a file whose first bytes are {@code head} (at most {@link #SAMPLE}) and whose client-given name is {@code name}. */
    static String sniff(byte[] head, String name) {
        var byName = BY_EXTENSION.get(extension(name));
        if (starts(head, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (starts(head, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsText(head, "GIF87a") || startsText(head, "GIF89a")) {
            return "image/gif";
        }
        if (startsText(head, "RIFF") && at(head, 8, "WEBP")) {
            return "image/webp";
        }
        if (startsText(head, "RIFF") && at(head, 8, "WAVE")) {
            return "audio/wav";
        }
        if (starts(head, 'I', 'I', 0x2A, 0x00) || starts(head, 'M', 'M', 0x00, 0x2A)) {
            return "image/tiff";
        }
        if (at(head, 4, "ftyp")) {
            var brand = new String(head, 8, Math.min(4, Math.max(0, head.length - 8)), StandardCharsets.ISO_8859_1);
            return switch (brand) {
                case "avif", "avis" -> "image/avif";
                case "heic", "heix", "mif1" -> "image/heic";
                case "qt  " -> "video/quicktime";
                default -> "video/mp4";
            };
        }
        if (startsText(head, "%PDF-")) {
            return "application/pdf";
        }
        if (starts(head, 'P', 'K', 0x03, 0x04)) {
            return byName != null && ZIP_FAMILY.contains(byName) ? byName : "application/zip";
        }
        if (starts(head, 0x1F, 0x8B)) {
            return "application/gzip";
        }
        if (starts(head, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C)) {
            return "application/x-7z-compressed";
        }
        if (startsText(head, "Rar!")) {
            return "application/vnd.rar";
        }
        if (startsText(head, "ID3") || starts(head, 0xFF, 0xFB) || starts(head, 0xFF, 0xF3)) {
            return "audio/mpeg";
        }
        if (startsText(head, "OggS")) {
            return "audio/ogg";
        }
        if (starts(head, 0x1A, 0x45, 0xDF, 0xA3)) {
            return "video/webm";
        }
        var text = asText(head);
        if (text == null) {
            return OCTET_STREAM;
        }
        var lower = text.stripLeading().toLowerCase(Locale.ROOT);
        if (lower.contains("<svg") && (lower.startsWith("<svg") || lower.startsWith("<?xml") || lower.startsWith("<!doctype svg"))) {
            return "image/svg+xml";
        }
        if (lower.startsWith("<!doctype html") || lower.startsWith("<html")) {
            return "text/html";
        }
        if (byName != null && isTextual(byName)) {
            return byName;
        }
        return "text/plain";
    }

    /**
     * Whether a file of type {@code type} named {@code name} passes a field's {@code accept} list: a MIME
     * type ({@code image/png}), a wildcard ({@code image/*}, {@code *}{@code /*}) or an extension ({@code .pdf}).
     * An extension DBBasic knows must also match the content; an unknown one is checked by name only.
     */
    static boolean accepts(List<String> accept, String type, String name) {
        if (accept.isEmpty()) {
            return true;
        }
        for (var entry : accept) {
            var wanted = entry.strip().toLowerCase(Locale.ROOT);
            if (wanted.startsWith(".")) {
                var expected = BY_EXTENSION.get(wanted.substring(1));
                if (extension(name).equals(wanted.substring(1)) && (expected == null || expected.equals(type))) {
                    return true;
                }
            } else if (wanted.equals("*/*") || wanted.equals("*")) {
                return true;
            } else if (wanted.endsWith("/*")) {
                if (type.startsWith(wanted.substring(0, wanted.length() - 1))) {
                    return true;
                }
            } else if (wanted.equals(type)) {
                return true;
            }
        }
        return false;
    }

    static boolean inline(String type) {
        return INLINE.contains(type);
    }

    /** The lower-case extension of a file name, without the dot; empty when there is none. */
    static String extension(String name) {
        var dot = name == null ? -1 : name.lastIndexOf('.');
        return dot < 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean isTextual(String type) {
        return type.startsWith("text/") || type.equals("application/json") || type.equals("application/xml") || type.equals("application/yaml");
    }

    /** The sample as text when it is UTF-8 without NUL or other binary control bytes; a character cut at the end is fine. */
    private static String asText(byte[] head) {
        if (head.length == 0) {
            return "";
        }
        for (var b : head) {
            if (b == 0 || (b > 0 && b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' && b != 0x1B)) {
                return null;
            }
        }
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        // a multi-byte character may be cut by the sample's end: drop up to 3 trailing bytes before deciding
        for (var cut = 0; cut <= Math.min(3, head.length - 1); cut++) {
            try {
                return decoder.reset().decode(ByteBuffer.wrap(head, 0, head.length - cut)).toString();
            } catch (CharacterCodingException e) {
                if (head.length < SAMPLE) {
                    return null;   // the whole file is in the sample: nothing was cut
                }
            }
        }
        return null;
    }

    private static boolean starts(byte[] head, int... bytes) {
        if (head.length < bytes.length) {
            return false;
        }
        for (var i = 0; i < bytes.length; i++) {
            if ((head[i] & 0xFF) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsText(byte[] head, String text) {
        return at(head, 0, text);
    }

    private static boolean at(byte[] head, int offset, String text) {
        var bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return head.length >= offset + bytes.length && Arrays.equals(head, offset, offset + bytes.length, bytes, 0, bytes.length);
    }
}
