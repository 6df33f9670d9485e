package io.lockstep.backend.cli;

import io.lockstep.backend.node.ServiceNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code lockstep-backend.jar}. Errors are reported as one line, not a stack trace. */
@Command(name = "lockstep-backend", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "The Lockstep share service.", subcommands = {ServeCommand.class, LabCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("lockstep-backend: " + rootMessage(e));
            return 2;
        });
        int code = cli.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"lockstep-backend " + ServiceNode.version()};
        }
    }
}
