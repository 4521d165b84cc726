package io.runnel.tools.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The configuration a tool gives its Kafka client: tool defaults, then a properties file
 * ({@code --command-config}, {@code --producer.config}, ...), then flags, each layer overriding the previous.
 *
 * <p>The defaults bound how long a tool waits for an unreachable broker: Kafka's clients wait 60 seconds or,
 * for a consumer, forever, which leaves an operator with a silent terminal. A tool gives up after
 * {@link #DEFAULT_API_TIMEOUT_MS} and says so; a properties file can restore longer waits.
 */
public final class ClientConfigs {

    /** How long an Admin call (or a producer's metadata wait) lasts before the tool reports a time-out. */
    public static final int DEFAULT_API_TIMEOUT_MS = 15_000;

    /** A single request's time-out; below {@link #DEFAULT_API_TIMEOUT_MS} so that one retry fits. */
    public static final int DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

    private ClientConfigs() {}

    /**
     * Reads a client properties file.
     *
     * @throws ToolException naming the file and the flag it came from, if it cannot be read
     */
    public static Properties load(Path file, String flag) {
        var props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (NoSuchFileException e) {
            throw new ToolException("The file given to " + flag + " does not exist: " + file);
        } catch (IOException e) {
            throw new ToolException("Cannot read the file given to " + flag + " (" + file + "): " + e.getMessage());
        }
        return props;
    }

    /** Admin client properties: the tool's time-outs, then {@code fromFile}, then the bootstrap servers. */
    public static Properties admin(String bootstrapServers, Properties fromFile) {
        var props = new Properties();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(DEFAULT_API_TIMEOUT_MS));
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(DEFAULT_REQUEST_TIMEOUT_MS));
        props.putAll(fromFile);
        if (bootstrapServers != null) {
            props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        return props;
    }

    /** {@code base} with {@code overrides} applied. */
    public static Properties merge(Properties base, Map<String, String> overrides) {
        var props = new Properties();
        props.putAll(base);
        props.putAll(overrides);
        return props;
    }
}
