package io.runnel.broker;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.runnel.broker.server.BrokerStartupException;

/**
 * The broker's command line, Kafka's syntax: {@code server.properties [--override key=value]...}. Later overrides
 * of the same key win.
 */
public record ServerArguments(Path configFile, Map<String, String> overrides) {

    public static final String USAGE =
            "usage: runnel-server-start.sh [-daemon] server.properties [--override property=value]...";

    public ServerArguments {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /**
     * Parses the command line.
     *
     * @throws BrokerStartupException with a one-line reason for a missing config file argument, an unknown
     *     option or an {@code --override} not of the form key=value
     */
    public static ServerArguments parse(String... args) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            throw new BrokerStartupException(USAGE);
        }
        if (args[0].startsWith("-")) {
            throw new BrokerStartupException(
                    "the first argument must be the config file, not " + args[0] + "; " + USAGE);
        }
        var overrides = new LinkedHashMap<String, String>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].equals("--override")) {
                throw new BrokerStartupException("unexpected argument '" + args[i] + "'; " + USAGE);
            }
            if (i + 1 == args.length) {
                throw new BrokerStartupException("--override needs a property=value after it");
            }
            String pair = args[++i];
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                throw new BrokerStartupException("invalid --override '" + pair + "': expected property=value");
            }
            overrides.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return new ServerArguments(Path.of(args[0]), overrides);
    }
}
