package io.runnel.tools.cli;

import java.nio.file.Path;
import java.util.Properties;

import joptsimple.OptionParser;
import joptsimple.OptionSet;
import joptsimple.OptionSpec;
import org.apache.kafka.clients.admin.Admin;

/** The connection flags of every Admin-based tool: {@code --bootstrap-server} and {@code --command-config}. */
public final class AdminFlags {

    private final OptionSpec<String> bootstrapServer;
    private final OptionSpec<String> commandConfig;

    public AdminFlags(OptionParser parser) {
        this.bootstrapServer = parser.accepts(
                        "bootstrap-server", "REQUIRED: The Kafka server(s) to connect to, host:port[,host:port...].")
                .withRequiredArg()
                .describedAs("server to connect to")
                .ofType(String.class);
        this.commandConfig = parser.accepts(
                        "command-config",
                        "Property file containing configs to be passed to the Admin client (security settings,"
                                + " default.api.timeout.ms, ...).")
                .withRequiredArg()
                .describedAs("command config property file")
                .ofType(String.class);
    }

    public OptionSpec<String> bootstrapServer() {
        return bootstrapServer;
    }

    /**
     * The Admin client's properties for these options.
     *
     * @throws ToolException if {@code --bootstrap-server} is missing or the config file cannot be read
     */
    public Properties adminConfig(OptionSet options) {
        ToolOptions.requireAll(options, bootstrapServer);
        Properties fromFile = options.has(commandConfig)
                ? ClientConfigs.load(Path.of(options.valueOf(commandConfig)), ToolOptions.name(commandConfig))
                : new Properties();
        return ClientConfigs.admin(options.valueOf(bootstrapServer), fromFile);
    }

    /** Connects an Admin client (lazily: no request is sent before the first call). */
    public Admin connect(OptionSet options) {
        return Admin.create(adminConfig(options));
    }
}
