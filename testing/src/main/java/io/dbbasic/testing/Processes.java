package io.dbbasic.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Looks at other processes of this machine through {@link ProcessHandle} and Linux's /proc. */
public final class Processes {
    private Processes() {}

    /** Running processes that have {@code argument} as one of their command-line arguments. */
    public static List<ProcessHandle> withArgument(String argument) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> Arrays.asList(args).contains(argument)).orElse(false))
                .filter(p -> running(p.pid()))
                .toList();
    }

    /** True while the process runs. A zombie (exited, not yet reaped) counts as gone: it holds no ports. */
    public static boolean running(long pid) {
        try {
            var stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            var state = stat.charAt(stat.lastIndexOf(')') + 2);   // "pid (comm) S ...", comm may hold spaces
            return state != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** The path of the executable, e.g. {@code /usr/lib/jvm/.../bin/java}. */
    public static Optional<String> executable(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().command());
    }

    /** The command-line arguments (without the executable), empty when the process is gone. */
    public static List<String> arguments(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).map(List::of).orElse(List.of());
    }
}
