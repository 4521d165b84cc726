package io.runnel.broker.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.runnel.broker.BrokerAssembly;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.server.Broker;
import io.runnel.broker.server.NetworkComponent;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real, in-process Runnel broker for end-to-end tests through the official Kafka clients: the production wiring
 * ({@link BrokerAssembly}) with an embedded ZooKeeper on a free port, one PLAINTEXT listener on {@code
 * 127.0.0.1:0} and log dirs in a fresh temporary directory. Started once per test class, stopped (and its
 * directory deleted) after the class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RunnelBrokerExtension broker = new RunnelBrokerExtension(Map.of("num.partitions", "2"));
 *
 * try (var producer = broker.producer(Map.of())) { ... }
 * }</pre>
 *
 * Tests share the broker, so each uses its own topics ({@link #uniqueTopic}) and groups. The group coordinator runs
 * with test-friendly settings: {@code __consumer_offsets} has 5 partitions and replication factor 1, the first
 * rebalance of a group does not wait ({@code group.initial.rebalance.delay.ms=0}), and members may ask for session
 * timeouts down to 1 s ({@code group.consumer.session.timeout.ms} is 3 s for consumer-protocol groups).
 *
 * <p>The dist module's tests use it too, through this module's test-jar.
 */
public final class RunnelBrokerExtension implements BeforeAllCallback, AfterAllCallback {

    /** The bound on every wait of a test: generous for a loaded machine, short enough to fail fast. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    private static final AtomicInteger TOPIC_SEQUENCE = new AtomicInteger();

    private final Map<String, String> overrides;
    private Path root;
    private Broker broker;

    public RunnelBrokerExtension() {
        this(Map.of());
    }

    /** @param overrides broker configs on top of the test defaults */
    public RunnelBrokerExtension(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        root = Files.createTempDirectory("runnel-e2e-");
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            stop();
        } finally {
            deleteRecursively(root);
        }
    }

    /** Starts a broker on this extension's log dir (which may hold the data of a previous one). */
    public void start() {
        if (broker != null) {
            throw new IllegalStateException("the broker is running");
        }
        Map<String, String> props = new HashMap<>();
        props.put(BrokerConfig.BROKER_ID, "0");
        props.put(BrokerConfig.LISTENERS, "PLAINTEXT://127.0.0.1:0");
        props.put(BrokerConfig.LOG_DIRS, logDir().toString());
        props.put(BrokerConfig.ZOOKEEPER_EMBEDDED_PORT, "0");
        props.put(
                BrokerConfig.ZOOKEEPER_EMBEDDED_DATA_DIR,
                root.resolve("zookeeper").toString());
        props.put(BrokerConfig.NUM_NETWORK_THREADS, "2");
        props.put(BrokerConfig.NUM_IO_THREADS, "4");
        props.put(BrokerConfig.BACKGROUND_THREADS, "2");
        props.put(BrokerConfig.OFFSETS_TOPIC_NUM_PARTITIONS, "5");
        props.put(BrokerConfig.OFFSETS_TOPIC_REPLICATION_FACTOR, "1");
        props.put(BrokerConfig.GROUP_INITIAL_REBALANCE_DELAY_MS, "0");
        props.put(BrokerConfig.GROUP_MIN_SESSION_TIMEOUT_MS, "1000");
        props.put(BrokerConfig.GROUP_CONSUMER_SESSION_TIMEOUT_MS, "3000");
        props.put(BrokerConfig.GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS, "500");
        props.put(BrokerConfig.GROUP_COORDINATOR_THREADS, "2");
        props.putAll(overrides);
        var config = BrokerConfig.fromProps(props);
        var started = new Broker(config, BrokerAssembly.forConfig(config), Time.SYSTEM);
        started.start();
        broker = started;
    }

    /** Stops the broker gracefully; its data stays for {@link #start()}. */
    public void stop() {
        if (broker != null) {
            broker.shutdown();
            broker = null;
        }
    }

    /** Stops the broker and starts a new one on the same log dir and ZooKeeper data. */
    public void restart() {
        stop();
        start();
    }

    public Path logDir() {
        return root.resolve("logs");
    }

    public Broker broker() {
        if (broker == null) {
            throw new IllegalStateException("the broker is not running");
        }
        return broker;
    }

    /** {@code 127.0.0.1:<bound port>}, for the clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        var address = broker().component(NetworkComponent.class)
                .orElseThrow(() -> new IllegalStateException("the broker has no network server"))
                .boundAddress("PLAINTEXT");
        return address.getHostString() + ":" + address.getPort();
    }

    /** A topic name no other test uses, readable in logs: {@code <prefix>-<n>}. */
    public static String uniqueTopic(String prefix) {
        return prefix + "-" + TOPIC_SEQUENCE.incrementAndGet();
    }

    public Admin admin() {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        return Admin.create(props);
    }

    /** A byte[] producer with the client's defaults (idempotent, acks=all) under {@code config}. */
    public KafkaProducer<byte[], byte[]> producer(Map<String, Object> config) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.putAll(config);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A byte[] consumer without a group: use assign() and seek(). */
    public KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> config) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        props.putAll(config);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Creates a topic with replication factor 1 and waits until the creation is acknowledged. */
    public void createTopic(String name, int partitions, Map<String, String> configs) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Reads {@code count} records of {@code tp} from {@code offset} on with a fresh consumer, failing if they do not
     * arrive within {@link #TIMEOUT}; returns exactly the records read (more only if more arrived in the last poll).
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(TopicPartition tp, long offset, int count) {
        return consume(tp, offset, count, Map.of());
    }

    public List<ConsumerRecord<byte[], byte[]>> consume(
            TopicPartition tp, long offset, int count, Map<String, Object> consumerConfig) {
        try (var consumer = consumer(consumerConfig)) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("read " + records.size() + " of " + count + " records of " + tp
                            + " from offset " + offset + " within " + TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(200)).records(tp).forEach(records::add);
            }
            return records;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
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
