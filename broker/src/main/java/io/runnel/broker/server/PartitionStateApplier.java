package io.runnel.broker.server;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.runnel.broker.config.DynamicBrokerConfig;
import io.runnel.broker.metadata.LocalReplicaListener;
import io.runnel.broker.metadata.PartitionState;
import io.runnel.broker.partition.LeaderAndIsr;
import io.runnel.broker.partition.LocalPartitions;
import io.runnel.storage.LogConfig;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the metadata view's partition events to the {@link LocalPartitions} of the data plane, as a ZooKeeper-mode
 * Kafka broker applies LeaderAndIsr, StopReplica and config change notifications: leader when the partition state
 * names this broker, follower otherwise; the log config of a partition is the broker's current topic defaults
 * ({@link DynamicBrokerConfig}) under the topic's overrides, recomputed when either changes.
 *
 * <p>Runs on the metadata view's event thread (never a network thread): creating or deleting a log does file I/O.
 */
public final class PartitionStateApplier implements LocalReplicaListener {

    private static final Logger log = LoggerFactory.getLogger(PartitionStateApplier.class);

    private final LocalPartitions partitions;
    private final DynamicBrokerConfig brokerConfig;
    // The overrides of every topic with a local replica, to recompute its config when the broker defaults change.
    private final Map<String, Map<String, String>> topicOverrides = new ConcurrentHashMap<>();

    public PartitionStateApplier(LocalPartitions partitions, DynamicBrokerConfig brokerConfig) {
        this.partitions = partitions;
        this.brokerConfig = brokerConfig;
    }

    @Override
    public void onPartitionStateChanged(
            TopicIdPartition partition,
            List<Integer> replicas,
            PartitionState state,
            Map<String, String> topicConfigOverrides) {
        TopicPartition tp = partition.topicPartition();
        topicOverrides.put(tp.topic(), Map.copyOf(topicConfigOverrides));
        LogConfig config = logConfig(tp.topic(), topicConfigOverrides);
        var leadership = new LeaderAndIsr(state.leader(), state.leaderEpoch(), replicas, state.isr());
        boolean applied = state.leader() == partitions.localBrokerId()
                ? partitions.becomeLeader(tp, leadership, config)
                : partitions.becomeFollower(tp, leadership, config);
        if (!applied) {
            log.info("Ignored stale state of {} (leader epoch {})", tp, state.leaderEpoch());
        }
    }

    @Override
    public void onPartitionDeleted(TopicIdPartition partition) {
        TopicPartition tp = partition.topicPartition();
        partitions.remove(tp, true);
        if (partitions.all().stream().noneMatch(p -> p.topicPartition().topic().equals(tp.topic()))) {
            topicOverrides.remove(tp.topic());
        }
    }

    @Override
    public void onTopicConfigChanged(String topic, Map<String, String> overrides) {
        topicOverrides.put(topic, Map.copyOf(overrides));
        partitions.updateConfig(topic, logConfig(topic, overrides));
    }

    /** The live broker config was updated first ({@link #withBrokerConfigsTo}); its topic defaults may have moved. */
    @Override
    public void onBrokerConfigChanged(Map<String, String> clusterDefaults, Map<String, String> perBroker) {
        topicOverrides.forEach((topic, overrides) -> partitions.updateConfig(topic, logConfig(topic, overrides)));
    }

    private LogConfig logConfig(String topic, Map<String, String> overrides) {
        Map<String, Object> defaults = brokerConfig.current().topicDefaults().originals();
        try {
            return LogConfig.of(defaults, overrides);
        } catch (ConfigException e) {
            // The controller validated the overrides before storing them; only a hand-edited znode gets here.
            log.error("Ignoring invalid config overrides {} of topic {}: {}", overrides, topic, e.getMessage());
            return LogConfig.of(defaults, Map.of());
        }
    }
}
