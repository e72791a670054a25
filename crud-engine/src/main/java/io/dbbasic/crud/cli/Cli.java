package io.dbbasic.crud.cli;

import io.dbbasic.common.service.Environment;
import io.dbbasic.crud.auth.ResetPassword;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/** The commands of {@code ./dbbasic} that run without the stack: {@code validate PATH}, {@code admin reset-password USER}. */
public final class Cli {
    private final PrintStream out;
    private final PrintStream err;

    private final Environment env;

    Cli(PrintStream out, PrintStream err, Environment env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(new Cli(System.out, System.err, Environment.fromSystem()).run(args));
    }

    int run(String[] args) {
        if (args.length == 2 && args[0].equals("validate")) {
            return new ValidateCommand(out).run(Path.of(args[1]));
        }
        if (args.length == 3 && args[0].equals("admin") && args[1].equals("reset-password")) {
            return new ResetPassword(env, out, err).run(args[2]);
        }
        err.println("usage: dbbasic validate PATH | dbbasic admin reset-password USER   (got: " + String.join(" ", Arrays.asList(args)) + ")");
        return 2;
    }
}
