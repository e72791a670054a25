package io.dbbasic.common.yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A YAML file's content as read from disk: its text, or why it cannot be read. */
sealed interface Source {
    record Text(String text) implements Source {}

    record Unreadable(String reason) implements Source {}

    static Source read(Path file) {
        try {
            if (Files.size(file) > 4L * YamlSource.MAX_CHARS) {
                return new Unreadable("the file is larger than " + YamlSource.MAX_CHARS / 1024 + " KB; a resource file is never that big");
            }
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            return new Text(decoder.decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString());
        } catch (CharacterCodingException e) {
            return new Unreadable("the file is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
