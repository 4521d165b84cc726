package io.runnel.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.DataPlane;
import io.runnel.broker.api.admin.AdminHandlers;
import io.runnel.broker.api.fetch.FetchSessionCache;
import io.runnel.broker.api.group.GroupHandlers;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.DynamicBrokerConfig;
import io.runnel.broker.controller.ControllerRouter;
import io.runnel.broker.controller.ReplicaAssigner;
import io.runnel.broker.controller.ZkConfigCommands;
import io.runnel.broker.controller.ZkController;
import io.runnel.broker.controller.ZkProducerIdBlocks;
import io.runnel.broker.group.OffsetsTopic;
import io.runnel.broker.server.BlockProducerIdSource;
import io.runnel.broker.server.BrokerComponent;
import io.runnel.broker.server.BrokerComponents;
import io.runnel.broker.server.BrokerContext;
import io.runnel.broker.server.BrokerMetadataView;
import io.runnel.broker.server.BrokerRegistration;
import io.runnel.broker.server.ControllerInternalTopicCreator;
import io.runnel.broker.server.DataPlaneCoordinatorLog;
import io.runnel.broker.server.GroupCoordinatorComponent;
import io.runnel.broker.server.LogStoreComponent;
import io.runnel.broker.server.MetadataOffsetsTopicLeaders;
import io.runnel.broker.server.MetadataTopicIds;
import io.runnel.broker.server.MetadataTopicLookup;
import io.runnel.broker.server.NetworkComponent;
import io.runnel.broker.server.OffsetsPartitionLeadership;
import io.runnel.broker.server.PartitionStateApplier;
import io.runnel.broker.server.ZooKeeperSession;
import io.runnel.broker.zk.ZkClient;
import org.apache.kafka.common.utils.Time;

/**
 * Wires the broker's components: the one place that knows the concrete network server, ZooKeeper metadata, log
 * store and request handlers.
 *
 * <pre>
 * ZooKeeper session (the cluster identity: up before the broker id is known, closed after everything else)
 *  1. log store            the partition logs in log.dirs
 *  2. data plane           Produce, Fetch, ... over the local partitions; its purgatories' expiration thread
 *  3. group coordinator    groups and offsets of the __consumer_offsets partitions led here (over the data plane)
 *  4. metadata view        ZooKeeper → local partitions (leader/follower, configs), then → group coordinator
 *                          (offsets partitions led here); the admin and group handlers' view
 *  5. network server       every handler; binds the listeners (ephemeral ports resolved here)
 *  6. broker registration  /brokers/ids/&lt;id&gt; with the advertised, bound endpoints
 *  7. controller           elected once this broker is live, so its partitions keep their leader
 * </pre>
 *
 * Shutdown runs the list backwards: the controller resigns and the registration goes (a controlled shutdown), the
 * network server stops accepting and answers the requests in flight, and only then are the metadata view, the group
 * coordinator (which resigns its offsets partitions), the data plane and, last, the logs closed (flushed,
 * checkpointed, marked clean).
 */
public final class BrokerAssembly {

    private BrokerAssembly() {}

    public static BrokerComponents forConfig(BrokerConfig config) {
        var zooKeeper = new ZooKeeperSession(config, Time.SYSTEM);
        return new BrokerComponents(Optional.of(zooKeeper), context -> components(context, zooKeeper.client()));
    }

    private static List<BrokerComponent> components(BrokerContext context, ZkClient zk) {
        BrokerConfig config = context.config();
        int brokerId = context.brokerId();
        Time time = context.time();
        Duration zkTimeout = Duration.ofMillis(config.zookeeperConnectionTimeoutMs());
        var brokerConfig = new DynamicBrokerConfig(config);

        var logs = new LogStoreComponent(context);
        var metadata = new BrokerMetadataView(zk, brokerId, zkTimeout);
        var dataPlane = new DataPlane(
                brokerId,
                logs,
                metadata,
                new MetadataTopicIds(metadata),
                new BlockProducerIdSource(new ZkProducerIdBlocks(zk, brokerId)),
                new FetchSessionCache(
                        (Integer) config.get(BrokerConfig.MAX_INCREMENTAL_FETCH_SESSION_CACHE_SLOTS), 120_000, time),
                time);
        var groups = new GroupCoordinatorComponent(
                config,
                time,
                new DataPlaneCoordinatorLog(
                        dataPlane.committedAppender(), (Integer) config.get(BrokerConfig.OFFSETS_COMMIT_TIMEOUT_MS)),
                new MetadataTopicLookup(metadata, new MetadataTopicIds(metadata)));
        var replicaEvents = new PartitionStateApplier(
                        dataPlane.partitions(), brokerConfig, new OffsetsPartitionLeadership(groups.coordinator()))
                .withBrokerConfigsTo(brokerConfig::update);

        var controller = new ZkController(zk, brokerId, config, new ReplicaAssigner(new Random()), Optional.empty());
        var topics = new ControllerRouter(controller, ControllerRouter.NOT_CONTROLLER);
        var configs = new ZkConfigCommands(zk, brokerId, brokerConfig, metadata, Optional.empty());
        var internalTopics = new ControllerInternalTopicCreator(
                topics,
                metadata,
                Map.of(
                        OffsetsTopic.NAME,
                        Map.of("segment.bytes", String.valueOf(config.get(BrokerConfig.OFFSETS_TOPIC_SEGMENT_BYTES)))));

        List<ApiHandler> handlers = new ArrayList<>(dataPlane.handlers());
        handlers.addAll(AdminHandlers.create(metadata, topics, configs, brokerConfig));
        handlers.addAll(
                GroupHandlers.create(groups.coordinator(), new MetadataOffsetsTopicLeaders(metadata), internalTopics));
        var network = new NetworkComponent(config, handlers, time);

        return List.of(
                logs,
                BrokerComponent.of("data plane", dataPlane::start, dataPlane::close),
                groups,
                metadata.deliveringTo(replicaEvents),
                network,
                new BrokerRegistration(zk, brokerId, config, network, zkTimeout),
                BrokerComponent.of(
                        "controller",
                        () -> controller.start().get(zkTimeout.toMillis(), TimeUnit.MILLISECONDS),
                        controller::close));
    }
}
