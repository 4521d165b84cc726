package io.runnel.broker.partition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.runnel.broker.testing.DataPlaneFixture;
import io.runnel.storage.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.runnel.broker.testing.DataPlaneFixture.BROKER_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalPartitionsTest {

    private static final short ACKS_ALL = -1;

    @TempDir
    Path dir;

    private DataPlaneFixture fixture;
    private LocalPartitions partitions;

    @BeforeEach
    void setUp() {
        fixture = new DataPlaneFixture(dir);
        partitions = fixture.dataPlane().partitions();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void highWatermarkFollowsTheLogEndWhenTheLeaderIsAloneInTheIsr() {
        TopicPartition tp = fixture.createTopic("orders");

        fixture.partition(tp).appendRecordsToLeader(fixture.batch("a", "b"), ACKS_ALL);

        assertThat(fixture.partition(tp).highWatermark()).isEqualTo(2);
    }

    @Test
    void highWatermarkWaitsForTheSlowestInSyncFollower() {
        TopicPartition tp = replicated(List.of(BROKER_ID, 2, 3), List.of(BROKER_ID, 2, 3));
        Partition partition = fixture.partition(tp);
        partition.appendRecordsToLeader(fixture.batch("a", "b", "c"), (short) 1);

        partition.updateFollowerFetchState(2, 3);
        assertThat(partition.highWatermark()).isZero();
        partition.updateFollowerFetchState(3, 1);

        assertThat(partition.highWatermark()).isEqualTo(1);
    }

    @Test
    void followerOutsideTheIsrDoesNotHoldBackTheHighWatermark() {
        TopicPartition tp = replicated(List.of(BROKER_ID, 2), List.of(BROKER_ID));

        fixture.partition(tp).appendRecordsToLeader(fixture.batch("a"), (short) 1);

        assertThat(fixture.partition(tp).highWatermark()).isEqualTo(1);
    }

    @Test
    void decisionWithAnOlderLeaderEpochIsIgnored() {
        TopicPartition tp = fixture.createTopic("orders");
        partitions.becomeLeader(tp, 5, List.of(BROKER_ID), LogConfig.defaults());

        boolean applied = partitions.becomeFollower(
                tp, new LeaderAndIsr(2, 4, List.of(BROKER_ID, 2), List.of(2)), LogConfig.defaults());

        assertThat(applied).isFalse();
        assertThat(fixture.partition(tp).isLeader()).isTrue();
        assertThat(fixture.partition(tp).leaderEpoch()).isEqualTo(5);
    }

    @Test
    void followerRefusesAppendsWithNotLeaderOrFollower() {
        TopicPartition tp = fixture.createTopic("orders");
        partitions.becomeFollower(tp, new LeaderAndIsr(2, 1, List.of(BROKER_ID, 2), List.of(2)), LogConfig.defaults());

        assertThatThrownBy(() -> fixture.partition(tp).appendRecordsToLeader(fixture.batch("a"), (short) 1))
                .isInstanceOf(NotLeaderOrFollowerException.class);
    }

    @Test
    void removedPartitionKnownToTheClusterIsNotLeaderOrFollower() {
        TopicPartition tp = fixture.createTopic("orders");
        Partition held = fixture.partition(tp);

        partitions.remove(tp, false);

        assertThatThrownBy(() -> partitions.partition(tp)).isInstanceOf(NotLeaderOrFollowerException.class);
        assertThatThrownBy(() -> held.appendRecordsToLeader(fixture.batch("a"), (short) 1))
                .isInstanceOf(NotLeaderOrFollowerException.class);
    }

    @Test
    void partitionUnknownToTheClusterIsUnknownTopicOrPartition() {
        assertThatThrownBy(() -> partitions.partition(new TopicPartition("nowhere", 0)))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void removingWithoutDeletingKeepsTheLogForTheNextLeadership() {
        TopicPartition tp = fixture.createTopic("orders");
        fixture.partition(tp).appendRecordsToLeader(fixture.batch("a"), (short) 1);

        partitions.remove(tp, false);
        partitions.becomeLeader(tp, 1, List.of(BROKER_ID), LogConfig.defaults());

        assertThat(fixture.partition(tp).logEndOffset()).isEqualTo(1);
    }

    @Test
    void removingWithDeleteDeletesTheLogDirectory() {
        TopicPartition tp = fixture.createTopic("orders");

        partitions.remove(tp, true);

        assertThat(Files.exists(dir.resolve("orders-0"))).isFalse();
        assertThat(partitions.get(tp)).isEmpty();
    }

    @Test
    void topicConfigChangeReachesTheLiveLog() {
        TopicPartition tp = fixture.createTopic("orders");

        partitions.updateConfig("orders", LogConfig.of(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, 3)));

        assertThat(fixture.log(tp).config().minInSyncReplicas()).isEqualTo(3);
    }

    private TopicPartition replicated(List<Integer> replicas, List<Integer> isr) {
        fixture.declareTopic("replicated", 1);
        var tp = new TopicPartition("replicated", 0);
        partitions.becomeLeader(tp, new LeaderAndIsr(BROKER_ID, 0, replicas, isr), LogConfig.defaults());
        return tp;
    }
}
