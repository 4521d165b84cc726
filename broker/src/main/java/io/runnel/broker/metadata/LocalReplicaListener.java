package io.runnel.broker.metadata;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import org.apache.kafka.common.TopicIdPartition;

/**
 * How the data plane of the local broker learns which partitions it hosts and in which role: the ZooKeeper
 * counterpart of Kafka's LeaderAndIsr / StopReplica / config change notifications. Implemented by the replica
 * manager (creates, reconfigures and removes local logs); fired by the metadata view.
 *
 * <p>Delivery contract:
 *
 * <ul>
 *   <li>Calls come from one thread, in order, never concurrently; an implementation must not block for long
 *       (it delays every later metadata event). A call that throws is logged and its change counts as
 *       undelivered: it is delivered again, with the state of the time, at the next rebuild of the view, which
 *       the failure schedules after a backoff (see {@code ZkMetadataCache}). So an implementation should throw only
 *       when it could not apply the change (e.g. a log could not be created), and must accept a change again
 *       after failing part-way through it: the same state twice, or the deletion of a partition it holds only
 *       in part or not at all.
 *   <li>On start, the first snapshot read from ZooKeeper is delivered as changes from "nothing": one
 *       {@link #onBrokerConfigChanged} and one {@link #onPartitionStateChanged} per partition this broker
 *       replicates, before the view's start method returns. A restarted broker therefore recovers its
 *       partitions from this first round of calls.
 *   <li>{@link #onPartitionStateChanged} fires for every new leader epoch, ISR change or replica list change
 *       of a partition whose replica list contains the local broker. The broker leads the partition iff
 *       {@code state.leader() == localBrokerId}; otherwise it is a follower of {@code state.leader()} (or of no
 *       one while the leader is {@link PartitionState#NO_LEADER}). A partition whose state znode does not
 *       exist yet (topic just created, controller has not elected a leader) is not reported until it does.
 *   <li>{@link #onPartitionDeleted} fires when the partition's topic is deleted or the local broker is no
 *       longer among its replicas: the local log should be removed.
 *   <li>Config overrides are the topic's {@code /config/topics/<topic>} entries in Kafka's topic-level names
 *       (validated against {@code LogConfig.CONFIG_DEF}); defaults come from the broker config: {@code
 *       BrokerConfig.topicDefaults()} of the live {@code DynamicBrokerConfig}, which {@link #onBrokerConfigChanged}
 *       keeps up to date (see {@link #withBrokerConfigsTo}).
 * </ul>
 */
public interface LocalReplicaListener {

    /**
     * The local broker replicates {@code partition} and its leadership, ISR or replica list changed (or this is
     * the first time the broker sees it).
     *
     * @param replicas the full replica list, preferred leader first
     * @param topicConfigOverrides the topic's config overrides at the time of the change
     */
    void onPartitionStateChanged(
            TopicIdPartition partition,
            List<Integer> replicas,
            PartitionState state,
            Map<String, String> topicConfigOverrides);

    /** The local broker no longer hosts {@code partition} (topic deleted or replica moved away). */
    void onPartitionDeleted(TopicIdPartition partition);

    /** The overrides of a topic with at least one local replica changed; {@code overrides} is the new full set. */
    void onTopicConfigChanged(String topic, Map<String, String> overrides);

    /**
     * The dynamic broker configs stored for this broker changed: {@code clusterDefaults} is the full cluster-wide
     * entry ({@code <default>}), {@code perBroker} the full entry of this broker's id, which overrides it. Kept
     * apart so that DescribeConfigs can tell DYNAMIC_BROKER_CONFIG from DYNAMIC_DEFAULT_BROKER_CONFIG.
     */
    void onBrokerConfigChanged(Map<String, String> clusterDefaults, Map<String, String> perBroker);

    /**
     * This listener, with every broker config change also given to {@code brokerConfigs} first (typically {@code
     * DynamicBrokerConfig::update}), so that the live broker config is current before this listener hears of it.
     */
    default LocalReplicaListener withBrokerConfigsTo(
            BiConsumer<Map<String, String>, Map<String, String>> brokerConfigs) {
        LocalReplicaListener dataPlane = this;
        return new LocalReplicaListener() {
            @Override
            public void onPartitionStateChanged(
                    TopicIdPartition partition,
                    List<Integer> replicas,
                    PartitionState state,
                    Map<String, String> topicConfigOverrides) {
                dataPlane.onPartitionStateChanged(partition, replicas, state, topicConfigOverrides);
            }

            @Override
            public void onPartitionDeleted(TopicIdPartition partition) {
                dataPlane.onPartitionDeleted(partition);
            }

            @Override
            public void onTopicConfigChanged(String topic, Map<String, String> overrides) {
                dataPlane.onTopicConfigChanged(topic, overrides);
            }

            @Override
            public void onBrokerConfigChanged(Map<String, String> clusterDefaults, Map<String, String> perBroker) {
                brokerConfigs.accept(clusterDefaults, perBroker);
                dataPlane.onBrokerConfigChanged(clusterDefaults, perBroker);
            }
        };
    }

    /** A listener that ignores everything, for brokers/tests without a data plane. */
    LocalReplicaListener NONE = new LocalReplicaListener() {
        @Override
        public void onPartitionStateChanged(
                TopicIdPartition partition,
                List<Integer> replicas,
                PartitionState state,
                Map<String, String> topicConfigOverrides) {}

        @Override
        public void onPartitionDeleted(TopicIdPartition partition) {}

        @Override
        public void onTopicConfigChanged(String topic, Map<String, String> overrides) {}

        @Override
        public void onBrokerConfigChanged(Map<String, String> clusterDefaults, Map<String, String> perBroker) {}
    };
}
