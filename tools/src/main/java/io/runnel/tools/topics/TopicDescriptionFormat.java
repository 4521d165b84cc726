package io.runnel.tools.topics;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * The lines of {@code runnel-topics.sh --describe}, exactly as Kafka's {@code kafka-topics.sh} prints them
 * (tab-separated {@code Field: value} pairs), since scripts parse them:
 *
 * <pre>
 * Topic: t	TopicId: ...	PartitionCount: 1	ReplicationFactor: 1	Configs: segment.bytes=1073741824
 * 	Topic: t	Partition: 0	Leader: 1	Replicas: 1	Isr: 1	Elr: N/A	LastKnownElr: N/A
 * </pre>
 *
 * The topic line lists only configs that differ from the default (any source but DEFAULT_CONFIG). A partition
 * without leader shows {@code Leader: none}; a broker that does not report eligible leader replicas (KIP-966)
 * shows {@code N/A} for them, as Kafka does.
 */
public final class TopicDescriptionFormat {

    private TopicDescriptionFormat() {}

    public static String topicLine(TopicDescription topic, Config config) {
        var line = new StringBuilder("Topic: ").append(topic.name());
        if (topic.topicId() != null && !topic.topicId().equals(Uuid.ZERO_UUID)) {
            line.append("\tTopicId: ").append(topic.topicId());
        }
        line.append("\tPartitionCount: ").append(topic.partitions().size());
        line.append("\tReplicationFactor: ").append(replicationFactor(topic));
        line.append("\tConfigs: ").append(overriddenConfigs(config));
        return line.toString();
    }

    public static String partitionLine(String topic, TopicPartitionInfo partition) {
        var line = new StringBuilder("\tTopic: ").append(topic);
        line.append("\tPartition: ").append(partition.partition());
        line.append("\tLeader: ")
                .append(partition.leader() == null ? "none" : partition.leader().id());
        line.append("\tReplicas: ").append(ids(partition.replicas()));
        line.append("\tIsr: ").append(ids(partition.isr()));
        line.append("\tElr: ").append(partition.elr() == null ? "N/A" : ids(partition.elr()));
        line.append("\tLastKnownElr: ")
                .append(partition.lastKnownElr() == null ? "N/A" : ids(partition.lastKnownElr()));
        return line.toString();
    }

    /** Fewer in-sync replicas than replicas. */
    public static boolean isUnderReplicated(TopicPartitionInfo partition) {
        return partition.isr().size() < partition.replicas().size();
    }

    /** No leader, or a leader that is not among the live brokers. */
    public static boolean isUnavailable(TopicPartitionInfo partition, Set<Integer> liveBrokers) {
        return partition.leader() == null
                || !liveBrokers.contains(partition.leader().id());
    }

    static int replicationFactor(TopicDescription topic) {
        return topic.partitions().isEmpty()
                ? 0
                : topic.partitions().getFirst().replicas().size();
    }

    static String overriddenConfigs(Config config) {
        if (config == null) {
            return "";
        }
        return config.entries().stream()
                .filter(entry -> !entry.isDefault())
                .map(entry -> entry.name() + "=" + (entry.isSensitive() ? "(redacted)" : entry.value()))
                .collect(Collectors.joining(","));
    }

    private static String ids(List<Node> nodes) {
        return nodes.stream().map(node -> Integer.toString(node.id())).collect(Collectors.joining(","));
    }
}
