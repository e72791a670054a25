package io.dbbasic.crud.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The metadata a {@code file} column holds; the bytes live under the data dir at {@code path}. */
record StoredFile(String name, String path, long size, String contentType) {
    String toJson(ObjectMapper json) {
        try {
            return json.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StoredFile fromJson(ObjectMapper json, String text) {
        try {
            return json.readValue(text, StoredFile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable file metadata", e);
        }
    }
}
