package io.runnel.broker.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.runnel.broker.controller.ControllerRouter;
import io.runnel.broker.controller.ReplicaAssigner;
import io.runnel.broker.controller.ZkConfigCommands;
import io.runnel.broker.controller.ZkController;
import io.runnel.broker.controller.ZkProducerIdBlocks;
import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.LiveBroker;
import io.runnel.broker.metadata.StaticBrokerSettings;
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

    public final StaticBrokerSettings settings;
    public final ZkClient zk;
    public final RecordingReplicaListener listener = new RecordingReplicaListener();
    public final ZkMetadataCache view;
    public final ZkController controller;
    public final ControllerRouter topics;
    public final ZkConfigCommands configs;
    public final ZkProducerIdBlocks producerIds;

    public ZkBroker(EmbeddedZooKeeper server, StaticBrokerSettings settings) {
        this(server, settings, Optional.empty());
    }

    public ZkBroker(
            EmbeddedZooKeeper server,
            StaticBrokerSettings settings,
            Optional<org.apache.kafka.server.policy.CreateTopicPolicy> createTopicPolicy) {
        this.settings = settings;
        this.zk = ZkClient.connect(server.connectString(), Duration.ofSeconds(10), Duration.ofSeconds(5), Time.SYSTEM);
        zk.createPersistentPaths();
        zk.getOrCreateClusterId();
        zk.registerBroker(
                new LiveBroker(settings.brokerId(), settings.advertisedEndpoints(), settings.rack()), TIMEOUT);
        this.view = new ZkMetadataCache(zk, settings.brokerId(), listener);
        view.start(TIMEOUT);
        this.controller = new ZkController(zk, settings, new ReplicaAssigner(new Random(42)), createTopicPolicy);
        controller.start().join();
        this.topics = new ControllerRouter(controller, ControllerRouter.NOT_CONTROLLER);
        this.configs = new ZkConfigCommands(zk, settings, Optional.empty());
        this.producerIds = new ZkProducerIdBlocks(zk, settings.brokerId());
    }

    public static ZkBroker start(EmbeddedZooKeeper server, int brokerId) {
        return new ZkBroker(server, StaticBrokerSettings.plaintext(brokerId, "localhost", 9092 + brokerId));
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
