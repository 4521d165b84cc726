package io.runnel.dist.tools;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.runnel.broker.BrokerAssembly;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.server.Broker;
import io.runnel.broker.server.NetworkComponent;
import io.runnel.tools.cli.Tool;
import io.runnel.tools.cli.ToolLauncher;
import io.runnel.tools.cli.ToolStreams;
import org.apache.kafka.common.utils.Time;

/**
 * The shipped broker ({@link BrokerAssembly}, embedded ZooKeeper on a free port, log dirs in a temporary
 * directory) in this JVM, and the shipped tools run against it in-process exactly as their scripts run them
 * ({@link ToolLauncher#execute}: exit status, stdout, stderr). One per test class: start it in {@code @BeforeAll},
 * {@link #close()} it in {@code @AfterAll}.
 */
final class InProcessBroker implements AutoCloseable {

    private final Path root;
    private final Broker broker;

    private InProcessBroker(Path root, Broker broker) {
        this.root = root;
        this.broker = broker;
    }

    static InProcessBroker start() throws IOException {
        Path root = Files.createTempDirectory("runnel-tools-e2e-");
        Map<String, String> props = new HashMap<>();
        props.put(BrokerConfig.BROKER_ID, "0");
        props.put(BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0");
        props.put(BrokerConfig.LOG_DIRS, root.resolve("logs").toString());
        props.put(BrokerConfig.ZOOKEEPER_EMBEDDED_PORT, "0");
        props.put(
                BrokerConfig.ZOOKEEPER_EMBEDDED_DATA_DIR,
                root.resolve("zookeeper").toString());
        props.put(BrokerConfig.NUM_NETWORK_THREADS, "2");
        props.put(BrokerConfig.NUM_IO_THREADS, "2");
        props.put(BrokerConfig.BACKGROUND_THREADS, "2");
        props.put(BrokerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, "3");
        props.put(BrokerConfig.OFFSETS_TOPIC_REPLICATION_FACTOR, "1");
        props.put(BrokerConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, "0");
        props.put(BrokerConfig.GROUP_COORDINATOR_THREADS, "1");
        var config = BrokerConfig.fromProps(props);
        var broker = new Broker(config, BrokerAssembly.forConfig(config), Time.SYSTEM);
        try {
            broker.start();
        } catch (RuntimeException e) {
            deleteRecursively(root);
            throw e;
        }
        return new InProcessBroker(root, broker);
    }

    /** {@code 127.0.0.1:<bound port>}, for {@code --bootstrap-server}. */
    String bootstrapServer() {
        var address = broker.component(NetworkComponent.class)
                .orElseThrow(() -> new IllegalStateException("the broker has no network server"))
                .boundAddress("PLAINTEXT");
        return address.getHostString() + ":" + address.getPort();
    }

    /** The directory of a partition's log. */
    Path partitionDir(String topic, int partition) {
        return root.resolve("logs").resolve(topic + "-" + partition);
    }

    /** The outcome of one tool run. */
    record Run(int status, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run run(Tool tool, String... args) {
        return runWithInput(tool, "", args);
    }

    static Run runWithInput(Tool tool, String stdin, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var io = new ToolStreams(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int status = ToolLauncher.execute(tool, args, io);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        try {
            broker.shutdown();
        } finally {
            deleteRecursively(root);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
