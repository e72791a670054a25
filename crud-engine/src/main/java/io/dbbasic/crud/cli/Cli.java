package io.dbbasic.crud.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/** The commands of {@code ./dbbasic} that run without the stack: {@code validate PATH}. */
public final class Cli {
    private final PrintStream out;
    private final PrintStream err;

    Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Cli(System.out, System.err).run(args));
    }

    int run(String[] args) {
        if (args.length == 2 && args[0].equals("validate")) {
            return new ValidateCommand(out).run(Path.of(args[1]));
        }
        err.println("usage: dbbasic validate PATH   (got: " + String.join(" ", Arrays.asList(args)) + ")");
        return 2;
    }
}
