package io.dbbasic.crud.live;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the app folder, recursively, and reloads the model once the folder has been quiet for a
 * moment. Editors save in bursts (write a temp file, rename it into place, touch a backup), so every
 * event just pushes the reload back; the reload reads all files, so no single event matters.
 * Threads: "app-watcher" takes events; "app-reload" runs reloads one at a time.
 */
public final class AppWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppWatcher.class);
    private final Path root;
    private final Runnable reload;
    private final Duration quiet;
    private final WatchService watcher;
    private final ScheduledExecutorService reloads = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "app-reload"));
    private final Thread thread;
    // written by the watcher thread only
    private ScheduledFuture<?> pending;

    public AppWatcher(Path root, Duration quiet, Runnable reload) {
        this.root = root;
        this.quiet = quiet;
        this.reload = reload;
        try {
            Files.createDirectories(root);
            this.watcher = root.getFileSystem().newWatchService();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + root, e);
        }
        watchTree(root);
        this.thread = daemon(this::run, "app-watcher");
    }

    public AppWatcher start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                var key = watcher.take();
                var dir = (Path) key.watchable();
                for (var event : key.pollEvents()) {
                    if (event.kind() == ENTRY_CREATE && event.context() instanceof Path name && Files.isDirectory(dir.resolve(name))) {
                        watchTree(dir.resolve(name));
                    }
                    if (event.kind() == OVERFLOW) {
                        watchTree(root);
                    }
                }
                key.reset();
                schedule();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("the app folder watcher stopped; edits will not reload until restart", e);
        }
    }

    private void schedule() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = reloads.schedule(this::reloadSafely, quiet.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void reloadSafely() {
        try {
            reload.run();
        } catch (RuntimeException e) {
            log.error("reloading the app failed", e);
        }
    }

    /**
     * Registers a folder and the folders inside it. Any of them may be gone again already (the gallery
     * deploys through a temporary folder renamed into place) or be unreadable; the watcher skips those
     * and carries on, rather than stopping for good.
     */
    void watchTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) {
                    try {
                        path.register(watcher, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
                    } catch (NoSuchFileException e) {
                        return FileVisitResult.SKIP_SUBTREE;
                    } catch (IOException e) {
                        log.warn("cannot watch {}: {}", path, e.toString());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path path, IOException e) {
                    if (!(e instanceof NoSuchFileException)) {
                        log.warn("cannot watch {}: {}", path, e.toString());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("cannot watch {}: {}", dir, e.toString());
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        var thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        thread.interrupt();
        reloads.shutdownNow();
        try {
            watcher.close();
        } catch (IOException e) {
            log.debug("closing the watcher", e);
        }
    }
}
