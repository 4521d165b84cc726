package io.runnel.broker.metadata;

import java.util.List;
import java.util.Map;

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
 *       (it delays every later metadata event) and must not throw (an exception is logged and swallowed).
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
 *       (validated against {@code LogConfig.CONFIG_DEF}); defaults come from the broker config. Use
 *       {@link TopicConfigSynonyms#topicDefaults} to turn broker settings into topic-level defaults.
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
     * The dynamic broker configs in effect on this broker changed: the cluster default ({@code <default>})
     * overridden by the per-broker entries. {@code dynamicConfigs} is the new full set.
     */
    void onBrokerConfigChanged(Map<String, String> dynamicConfigs);

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
        public void onBrokerConfigChanged(Map<String, String> dynamicConfigs) {}
    };
}
