package io.lockstep.backend.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where {@code serve}'s options come from when the command line leaves them out, first match wins:
 * the environment ({@code LOCKSTEP_DB_USER} for {@code --db-user}), then the config file
 * ({@code db-user = ...}, properties syntax), then the built-in default. A config key that names no
 * option is an error naming the allowed ones.
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {

    private final Properties file;
    private final Map<String, String> env;

    ConfigDefaults(Properties file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    /** Reads the file named by {@code --config F} / {@code --config=F} among {@code args}, or LOCKSTEP_CONFIG. */
    static ConfigDefaults from(String[] args, Map<String, String> env) throws IOException {
        String path = env.get("LOCKSTEP_CONFIG");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
            }
        }
        Properties p = new Properties();
        if (path != null) {
            try (Reader r = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return new ConfigDefaults(p, env);
    }

    static String envName(String option) {
        return "LOCKSTEP_" + option.replaceFirst("^--", "").toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Refuses config keys that are not options of {@code command}. */
    void check(CommandLine.Model.CommandSpec command, String configPath) {
        Set<String> known = new TreeSet<>();
        for (OptionSpec o : command.options()) {
            known.add(o.longestName().replaceFirst("^--", ""));
        }
        known.removeAll(List.of("help", "version", "config"));
        for (String key : file.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw new CommandLine.ParameterException(command.commandLine(), configPath + ": '" + key
                        + "' is not a setting; allowed: " + known);
            }
        }
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o)) {
            return null;
        }
        String name = o.longestName();
        String fromEnv = env.get(envName(name));
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        String fromFile = file.getProperty(name.replaceFirst("^--", ""));
        return fromFile == null ? null : fromFile.strip();
    }
}
