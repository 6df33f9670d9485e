package io.lockstep.app;

import javafx.application.Application;
import picocli.CommandLine;

/**
 * Entry point. Not the {@link javafx.application.Application} subclass, so the JavaFX jars work from
 * the class path (a runnable jar, a jpackage image).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        ConsoleOptions options = new ConsoleOptions();
        CommandLine cli = new CommandLine(options);
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println(e.getMessage());
            cli.usage(System.err);
            System.exit(2);
        }
        if (cli.isUsageHelpRequested()) {
            cli.usage(System.out);
            return;
        }
        if (cli.isVersionHelpRequested()) {
            cli.printVersionHelp(System.out);
            return;
        }
        String problem = options.problem();
        if (problem != null) {
            System.err.println(problem);
            System.exit(2);
        }
        if (options.profileCommand()) {
            System.exit(ProfileCommands.run(options, System.out, System.err));
        }
        ConsoleApplication.options = options;
        ConsoleApplication.opening = ConsoleApplication.beginOpening(options);
        try {
            Application.launch(ConsoleApplication.class);
        } catch (RuntimeException noToolkit) {
            // e.g. no display: say so, and do not leave the lab's threads running without a window
            System.err.println("Lockstep console could not open its window: " + noToolkit.getMessage());
            System.exit(1);
        }
    }
}
