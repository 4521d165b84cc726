package io.runnel.broker.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.DynamicBrokerConfig;
import io.runnel.broker.controller.ControllerRouter;
import io.runnel.broker.controller.ReplicaAssigner;
import io.runnel.broker.controller.ZkConfigCommands;
import io.runnel.broker.controller.ZkController;
import io.runnel.broker.controller.ZkProducerIdBlocks;
import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.LiveBroker;
import io.runnel.broker.zk.EmbeddedZooKeeper;
import io.runnel.broker.zk.ZkClient;
import io.runnel.broker.zk.ZkMetadataCache;
import org.apache.kafka.common.utils.Time;

/**
 * The ZooKeeper side of one broker, wired as the broker will wire it: session, persistent paths, cluster id,
 * registration, metadata view with a recording listener, controller, config and producer-id commands.
 */
public final class ZkBroker implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    public final int brokerId;
    /** The static config (properties file) the broker was started with. */
    public final BrokerConfig config;
    /** The live config, fed by the metadata view as the broker will wire it. */
    public final DynamicBrokerConfig brokerConfig;

    public final ZkClient zk;
    public final RecordingReplicaListener listener = new RecordingReplicaListener();
    public final ZkMetadataCache view;
    public final ZkController controller;
    public final ControllerRouter topics;
    public final ZkConfigCommands configs;
    public final ZkProducerIdBlocks producerIds;

    /** @param config a static config with an explicit {@code broker.id} */
    public ZkBroker(EmbeddedZooKeeper server, BrokerConfig config) {
        this(server, config, Optional.empty());
    }

    public ZkBroker(
            EmbeddedZooKeeper server,
            BrokerConfig config,
            Optional<org.apache.kafka.server.policy.CreateTopicPolicy> createTopicPolicy) {
        this.brokerId = config.brokerId();
        this.config = config;
        this.brokerConfig = new DynamicBrokerConfig(config);
        this.zk = ZkClient.connect(server.connectString(), Duration.ofSeconds(10), Duration.ofSeconds(5), Time.SYSTEM);
        zk.createPersistentPaths();
        zk.getOrCreateClusterId();
        zk.registerBroker(new LiveBroker(brokerId, config.advertisedListeners(), config.rack()), TIMEOUT);
        this.view = new ZkMetadataCache(zk, brokerId, listener.withBrokerConfigsTo(brokerConfig::update));
        view.start(TIMEOUT);
        this.controller =
                new ZkController(zk, brokerId, config, new ReplicaAssigner(new Random(42)), createTopicPolicy);
        controller.start().join();
        this.topics = new ControllerRouter(controller, ControllerRouter.NOT_CONTROLLER);
        this.configs = new ZkConfigCommands(zk, brokerId, brokerConfig, view, Optional.empty());
        this.producerIds = new ZkProducerIdBlocks(zk, brokerId);
    }

    public static ZkBroker start(EmbeddedZooKeeper server, int brokerId) {
        return new ZkBroker(server, config(brokerId, "localhost", 9092 + brokerId, Map.of()));
    }

    /** A static config with one PLAINTEXT listener on {@code host:port} and Kafka's defaults under {@code extra}. */
    public static BrokerConfig config(int brokerId, String host, int port, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(extra);
        props.put(BrokerConfig.BROKER_ID, Integer.toString(brokerId));
        props.put(BrokerConfig.LISTENERS, "PLAINTEXT://" + host + ":" + port);
        return BrokerConfig.fromProps(props);
    }

    public ClusterMetadata await(Predicate<ClusterMetadata> condition) {
        try {
            return view.awaitUntil(condition).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("metadata condition not reached; current: " + view.current(), e);
        }
    }

    @Override
    public void close() {
        controller.close();
        view.close();
        zk.close();
    }
}
