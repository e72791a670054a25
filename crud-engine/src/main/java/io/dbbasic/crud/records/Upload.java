package io.dbbasic.crud.records;

import io.dbbasic.common.model.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A file received with a write, waiting in the incoming folder. It travels in the write's values like any
 * other field value; the writer gives it its place, {@code <files>/<resource>/<id>/<field>/<random name>},
 * once the record's id is known (a create learns its id only there), and the column then holds the
 * {@link StoredFile}. The bytes are linked into place, not moved: if the transaction rolls back and the
 * writer retries the write, the staged copy is still there.
 *
 * <p><b>Threads.</b> The request thread creates it and calls {@link #settle} after the write has finished;
 * the writer thread calls {@link #placeAll} in between. {@code placed} is synchronised because both touch it.
 */
final class Upload {
    private final Path root;
    private final Path staged;
    private final String name;
    private final long size;
    private final String contentType;
    private final String suffix;
    private final List<Path> placed = new ArrayList<>();

    Upload(Path root, Path staged, String name, long size, String contentType, String suffix) {
        this.root = root;
        this.staged = staged;
        this.name = name;
        this.size = size;
        this.contentType = contentType;
        this.suffix = suffix;
    }

    String name() {
        return name;
    }

    long size() {
        return size;
    }

    String contentType() {
        return contentType;
    }

    /** On the writer thread, once the record's id is known: every upload among {@code values} takes its place. */
    static void placeAll(Resource resource, long id, Map<String, Object> values) {
        for (var entry : values.entrySet()) {
            if (entry.getValue() instanceof Upload upload) {
                entry.setValue(upload.place(resource.name(), id, entry.getKey()));
            }
        }
    }

    private StoredFile place(String resource, long id, String field) {
        var dir = root.resolve(resource).resolve(Long.toString(id)).resolve(field);
        var target = dir.resolve(UUID.randomUUID() + suffix);
        try {
            Files.createDirectories(dir);
            try {
                Files.createLink(target, staged);
            } catch (UnsupportedOperationException | IOException e) {
                Files.copy(staged, target);   // a file system without hard links
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the upload for " + resource + " " + id + " " + field, e);
        }
        synchronized (placed) {
            placed.add(target);
        }
        return new StoredFile(name, root.relativize(target).toString().replace('\\', '/'), size, contentType);
    }

    enum Outcome {
        COMMITTED, FAILED,
        /** The wait for the commit timed out: the write may still happen, so nothing may go yet. */
        UNKNOWN
    }

    /**
     * After the write: the staged copy goes, and so does every placement the write did not keep (all of them
     * when it failed; all but the last when it committed, since a retried write places its file again).
     * Left-overs of an unknown outcome are swept from the incoming folder at the next start.
     */
    void settle(Outcome outcome) {
        if (outcome == Outcome.UNKNOWN) {
            return;
        }
        List<Path> stale;
        synchronized (placed) {
            stale = new ArrayList<>(outcome == Outcome.COMMITTED && !placed.isEmpty() ? placed.subList(0, placed.size() - 1) : placed);
        }
        stale.add(staged);
        for (var path : stale) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // only disk space: the record does not point at it
            }
        }
    }
}
