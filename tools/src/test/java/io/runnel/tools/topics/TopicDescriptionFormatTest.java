package io.runnel.tools.topics;

import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicDescriptionFormatTest {

    private static final Node B1 = new Node(1, "h1", 9092);
    private static final Node B2 = new Node(2, "h2", 9092);
    private static final Uuid ID = Uuid.fromString("MpIBPDpgRZ2tVTLIGl7dXA");

    private static ConfigEntry entry(String name, String value, ConfigEntry.ConfigSource source) {
        return new ConfigEntry(name, value, source, false, false, List.of(), ConfigEntry.ConfigType.UNKNOWN, null);
    }

    @Test
    void topicLineHasKafkasTabSeparatedFieldsAndOnlyNonDefaultConfigs() {
        var topic = new TopicDescription(
                "quickstart-events",
                false,
                List.of(new TopicPartitionInfo(0, B1, List.of(B1), List.of(B1))),
                Set.of(),
                ID);
        var config = new Config(List.of(
                entry("segment.bytes", "1073741824", ConfigEntry.ConfigSource.STATIC_BROKER_CONFIG),
                entry("retention.ms", "1000", ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG),
                entry("cleanup.policy", "delete", ConfigEntry.ConfigSource.DEFAULT_CONFIG)));

        String line = TopicDescriptionFormat.topicLine(topic, config);

        assertThat(line)
                .isEqualTo("Topic: quickstart-events\tTopicId: MpIBPDpgRZ2tVTLIGl7dXA\tPartitionCount: 1"
                        + "\tReplicationFactor: 1\tConfigs: segment.bytes=1073741824,retention.ms=1000");
    }

    @Test
    void topicLineOmitsAZeroTopicId() {
        var topic = new TopicDescription("t", false, List.of(new TopicPartitionInfo(0, B1, List.of(B1), List.of(B1))));

        assertThat(TopicDescriptionFormat.topicLine(topic, new Config(List.of())))
                .isEqualTo("Topic: t\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: ");
    }

    @Test
    void partitionLineListsLeaderReplicasAndIsr() {
        var partition = new TopicPartitionInfo(3, B2, List.of(B2, B1), List.of(B2));

        assertThat(TopicDescriptionFormat.partitionLine("t", partition))
                .isEqualTo("\tTopic: t\tPartition: 3\tLeader: 2\tReplicas: 2,1\tIsr: 2\tElr: N/A\tLastKnownElr: N/A");
    }

    @Test
    void partitionWithoutLeaderShowsNone() {
        var partition = new TopicPartitionInfo(0, null, List.of(B1), List.of(), List.of(), List.of());

        assertThat(TopicDescriptionFormat.partitionLine("t", partition))
                .isEqualTo("\tTopic: t\tPartition: 0\tLeader: none\tReplicas: 1\tIsr: \tElr: \tLastKnownElr: ");
    }

    @Test
    void underReplicatedMeansFewerInSyncReplicasThanReplicas() {
        assertThat(TopicDescriptionFormat.isUnderReplicated(
                        new TopicPartitionInfo(0, B1, List.of(B1, B2), List.of(B1))))
                .isTrue();
        assertThat(TopicDescriptionFormat.isUnderReplicated(
                        new TopicPartitionInfo(0, B1, List.of(B1, B2), List.of(B1, B2))))
                .isFalse();
    }

    @Test
    void unavailableMeansNoLeaderOrADeadOne() {
        var led = new TopicPartitionInfo(0, B1, List.of(B1), List.of(B1));
        var leaderless = new TopicPartitionInfo(0, null, List.of(B1), List.of());

        assertThat(TopicDescriptionFormat.isUnavailable(led, Set.of(1))).isFalse();
        assertThat(TopicDescriptionFormat.isUnavailable(led, Set.of(2))).isTrue();
        assertThat(TopicDescriptionFormat.isUnavailable(leaderless, Set.of(1))).isTrue();
    }
}
