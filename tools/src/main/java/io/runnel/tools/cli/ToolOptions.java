package io.runnel.tools.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import joptsimple.OptionException;
import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;

/**
 * A tool's flags: a jopt-simple parser (as Kafka's own tools use) with {@code --help}, and the cross-flag checks
 * Kafka's tools make, reported as {@link ToolException}s with Kafka's wording.
 *
 * <p>Abbreviated flags are refused, as in Kafka, so a script never depends on a prefix that a later flag makes
 * ambiguous.
 */
public final class ToolOptions {

    private final String description;
    private final OptionParser parser = new OptionParser(false);
    private final OptionSpec<Void> help;

    public ToolOptions(String description) {
        this.description = description;
        this.help = parser.accepts("help", "Print usage information.").forHelp();
    }

    public OptionParser parser() {
        return parser;
    }

    /**
     * Parses the arguments.
     *
     * @throws ToolException for an unknown flag, a missing or malformed value
     */
    public OptionSet parse(String[] args) {
        try {
            return parser.parse(args);
        } catch (OptionException e) {
            if (e.getMessage().equals("zookeeper is not a recognized option")
                    && parser.recognizedOptions().containsKey("bootstrap-server")) {
                // Tutorials written for Kafka < 3.0 pass --zookeeper, which Kafka's tools dropped as Runnel's
                // never had it: say what replaces it rather than only that it is unknown.
                throw new ToolException("zookeeper is not a recognized option: the tools talk to the brokers, use"
                        + " --bootstrap-server HOST:PORT (e.g. localhost:9092) instead");
            }
            throw new ToolException(e.getMessage());
        }
    }

    /** Prints the usage to {@code out} if {@code --help} was given (or no argument at all); true if it did. */
    public boolean printHelpIfRequested(String[] args, OptionSet options, PrintStream out) {
        if (args.length == 0 || options.has(help)) {
            printUsage(out);
            return true;
        }
        return false;
    }

    public void printUsage(PrintStream out) {
        out.println(description);
        try {
            parser.printHelpOn(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws ToolException naming the first of {@code required} that is absent */
    public static void requireAll(OptionSet options, OptionSpec<?>... required) {
        for (OptionSpec<?> spec : required) {
            if (!options.has(spec)) {
                throw new ToolException("Missing required argument " + name(spec));
            }
        }
    }

    /** @throws ToolException if {@code used} is present together with any of {@code conflicting} */
    public static void refuseWith(OptionSet options, OptionSpec<?> used, OptionSpec<?>... conflicting) {
        if (!options.has(used)) {
            return;
        }
        for (OptionSpec<?> other : conflicting) {
            if (options.has(other)) {
                throw new ToolException("Option " + name(used) + " can't be used with option " + name(other));
            }
        }
    }

    /**
     * The one action among {@code actions} that is present.
     *
     * @throws ToolException if none or several are
     */
    public static OptionSpec<?> exactlyOne(OptionSet options, OptionSpec<?>... actions) {
        List<OptionSpec<?>> present = new ArrayList<>();
        for (OptionSpec<?> action : actions) {
            if (options.has(action)) {
                present.add(action);
            }
        }
        if (present.size() != 1) {
            throw new ToolException("Command must include exactly one action: " + names(actions));
        }
        return present.getFirst();
    }

    /** {@code --name} of a flag, as users type it. */
    public static String name(OptionSpec<?> spec) {
        return "--" + spec.options().getLast();
    }

    private static String names(OptionSpec<?>... specs) {
        var names = Arrays.stream(specs).map(ToolOptions::name).toList();
        if (names.size() == 1) {
            return names.getFirst();
        }
        return names.subList(0, names.size() - 1).stream().collect(Collectors.joining(", ")) + " or " + names.getLast();
    }
}
