package io.runnel.broker.zk;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.runnel.broker.metadata.ConfigEntity;
import io.runnel.broker.metadata.PartitionState;
import io.runnel.broker.metadata.TopicAssignment;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/** Writes the znodes the metadata view tests start from, as the controller would. */
final class ZkTestNodes {

    private ZkTestNodes() {}

    /**
     * A topic of {@code partitions} partitions, each with {@code brokerId} as its only replica and its leader.
     *
     * @return the topic's id
     */
    static Uuid createTopicLedBy(ZkClient zk, String topic, int brokerId, int partitions) throws Exception {
        Uuid topicId = Uuid.randomUuid();
        Map<Integer, List<Integer>> replicas = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            replicas.put(p, List.of(brokerId));
        }
        zk.curator()
                .create()
                .forPath(TopicZNode.path(topic), TopicZNode.encode(TopicAssignment.of(topic, topicId, replicas)));
        for (int p = 0; p < partitions; p++) {
            zk.curator()
                    .create()
                    .creatingParentsIfNeeded()
                    .forPath(
                            PartitionStateZNode.path(new TopicPartition(topic, p)),
                            PartitionStateZNode.encode(new PartitionState(brokerId, 0, List.of(brokerId), 1)));
        }
        return topicId;
    }

    /**
     * Creates the cluster-wide broker config defaults.
     *
     * @return their znode's path
     */
    static String createBrokerDefaults(ZkClient zk, Map<String, String> config) throws Exception {
        String path = ZkPaths.brokerConfig(ConfigEntity.DEFAULT_BROKER);
        zk.curator().create().creatingParentsIfNeeded().forPath(path, ConfigEntityZNode.encode(config));
        return path;
    }
}
