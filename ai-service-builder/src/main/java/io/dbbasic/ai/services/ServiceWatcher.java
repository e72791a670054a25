package io.dbbasic.ai.services;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a service when its files change on disk (an editor, {@code git pull}). Changes are gathered
 * until the folder has been quiet for a moment, so that the .java and .yaml of one save are read
 * together. One daemon thread owns the watch service; reloads go through the registry's monitor.
 */
public final class ServiceWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceWatcher.class);
    private static final long QUIET_MS = 150;

    private final ServiceRegistry registry;
    private final WatchService watch;
    private final Thread thread;

    public ServiceWatcher(ServiceRegistry registry) {
        this.registry = registry;
        try {
            this.watch = FileSystems.getDefault().newWatchService();
            registry.files().dir().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot watch " + registry.files().dir(), e);
        }
        this.thread = new Thread(this::run, "services-watcher");
        thread.setDaemon(true);
    }

    public ServiceWatcher start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (true) {
                var changed = new LinkedHashSet<String>();
                var key = watch.take();
                var everything = collect(key, changed);
                // keep gathering until the folder is quiet
                for (var next = watch.poll(QUIET_MS, TimeUnit.MILLISECONDS); next != null; next = watch.poll(QUIET_MS, TimeUnit.MILLISECONDS)) {
                    everything |= collect(next, changed);
                }
                if (everything) {
                    changed.addAll(registry.files().names());
                    registry.all().forEach(s -> changed.add(s.name()));
                }
                for (var name : changed) {
                    try {
                        registry.refresh(name);
                    } catch (RuntimeException e) {
                        log.warn("cannot reload service {}: {}", name, e.toString());
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing: nothing more to watch
        }
    }

    /** Adds the service names an event batch touches; true when events were lost and everything must be re-read. */
    private static boolean collect(java.nio.file.WatchKey key, Set<String> into) {
        var overflow = false;
        for (var event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflow = true;
                continue;
            }
            var file = ((Path) event.context()).getFileName().toString();
            if (file.endsWith(".java") || file.endsWith(".yaml")) {
                var name = file.substring(0, file.lastIndexOf('.'));
                if (ServiceName.isValid(name)) {
                    into.add(name);
                }
            }
        }
        key.reset();
        return overflow;
    }

    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException e) {
            log.debug("closing the watch service: {}", e.toString());
        }
        thread.interrupt();
    }
}
