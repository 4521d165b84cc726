package io.runnel.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.function.Function;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.server.Broker;
import io.runnel.broker.server.BrokerComponents;
import io.runnel.broker.server.BrokerStartupException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker process: {@code RunnelServer server.properties [--override key=value]...}. Starts a {@link Broker},
 * stops it gracefully on SIGTERM/SIGINT (a shutdown hook) and exits when it has stopped.
 *
 * <p>A start-up failure (bad arguments, missing file, invalid config value, locked log dir, identity mismatch)
 * prints one line, {@code runnel: <reason>}, to stderr and exits with status 1, without a stack trace.
 */
public final class RunnelServer {

    private static final Logger log = LoggerFactory.getLogger(RunnelServer.class);

    private RunnelServer() {}

    public static void main(String[] args) {
        int status = run(args, System.err, BrokerAssembly::forConfig);
        // Shutdown hooks (the broker's, logback's) still run on exit.
        System.exit(status);
    }

    /**
     * Runs a broker until it shuts down.
     *
     * @return 0 after a graceful shutdown, 1 if the broker could not start (the reason printed to {@code err})
     */
    static int run(String[] args, PrintStream err, Function<BrokerConfig, BrokerComponents> assembly) {
        Broker broker;
        try {
            broker = start(args, assembly);
        } catch (BrokerStartupException e) {
            err.println("runnel: " + e.getMessage());
            log.debug("Start-up failed", e);
            return 1;
        }
        try {
            broker.awaitShutdown();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broker.shutdown();
            return 0;
        }
    }

    /**
     * Parses the arguments, loads the config, installs the shutdown hook and starts the broker.
     *
     * @throws BrokerStartupException with a one-line reason
     */
    static Broker start(String[] args, Function<BrokerConfig, BrokerComponents> assembly) {
        ServerArguments arguments = ServerArguments.parse(args);
        BrokerConfig config = loadConfig(arguments);
        var broker = new Broker(config, assembly.apply(config), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::shutdown, "runnel-shutdown-hook"));
        broker.start();
        return broker;
    }

    /**
     * Loads the config file with the overrides applied.
     *
     * @throws BrokerStartupException naming the file, or the key and value at fault
     */
    static BrokerConfig loadConfig(ServerArguments arguments) {
        try {
            return BrokerConfig.load(arguments.configFile(), arguments.overrides());
        } catch (NoSuchFileException e) {
            throw new BrokerStartupException("config file " + arguments.configFile() + " does not exist", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new BrokerStartupException("cannot read config file " + arguments.configFile() + ": " + e, e);
        } catch (ConfigException e) {
            // Kafka's message reads "Invalid value V for configuration K: reason"; lower-cased to follow "runnel: ".
            String message = e.getMessage();
            throw new BrokerStartupException(
                    message.isEmpty()
                            ? message
                            : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1),
                    e);
        }
    }
}
