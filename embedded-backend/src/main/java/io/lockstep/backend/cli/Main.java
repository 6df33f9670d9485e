package io.lockstep.backend.cli;

import io.lockstep.backend.node.ServiceNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code lockstep-backend.jar}. Errors are reported as one line, not a stack trace. */
@Command(name = "lockstep-backend", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "The Lockstep share service.", subcommands = {ServeCommand.class, LabCommand.class, CheckMachinesCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        // ZooKeeper's client logs every failed reconnect with a stack trace; its errors are enough here
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.zookeeper") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.zookeeper", "error");
        }
        int code = execute(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs a command line with {@code env} as the environment; the exit code (2 for bad settings). */
    static int execute(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("lockstep-backend: " + rootMessage(e));
            return 2;
        });
        try {
            ConfigDefaults defaults = ConfigDefaults.from(args, env);
            CommandLine serve = cli.getSubcommands().get("serve");
            serve.setDefaultValueProvider(defaults);
            defaults.check(serve.getCommandSpec(), "the config file");
        } catch (java.io.IOException | CommandLine.ParameterException e) {
            err.println("lockstep-backend: " + e.getMessage());
            return 2;
        }
        return cli.execute(args);
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
