package io.runnel.broker.group;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.runnel.storage.LogAppendResult;
import io.runnel.storage.LogConfig;
import io.runnel.storage.PartitionLog;
import io.runnel.storage.log.SegmentedLog;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.runnel.broker.group.CoordinatorHarness.assignment;
import static org.assertj.core.api.Assertions.assertThat;

/** The coordinator over the real storage engine: state written through appends survives a restart of the log. */
class ReplayFromSegmentedLogTest {

    private static final TopicPartition OFFSETS_0 = new TopicPartition(OffsetsTopic.NAME, 0);

    @TempDir
    Path dir;

    private final ManualScheduler clock = new ManualScheduler();
    private final ScheduledExecutorService storageScheduler = Executors.newSingleThreadScheduledExecutor();
    private final GroupCoordinatorConfig config =
            GroupCoordinatorConfig.defaults().withOffsetsTopicNumPartitions(1).withGroupInitialRebalanceDelayMs(0);

    @AfterEach
    void stop() {
        storageScheduler.shutdownNow();
    }

    @Test
    void groupsAndOffsetsComeBackAfterTheLogIsReopened() {
        // Small segments: the replay has to cross segment files.
        LogConfig logConfig = LogConfig.of(Map.of("segment.bytes", "2048"));
        PartitionLog log = open(logConfig);
        GroupCoordinator first = coordinator(log);
        first.onBecomeLeader(0, log).join();
        JoinGroupResponseData joined = first.joinGroup(
                        CoordinatorHarness.meta(3), CoordinatorHarness.joinRequest("g", "", null, "range"))
                .join();
        first.syncGroup(
                        CoordinatorHarness.meta(3),
                        new org.apache.kafka.common.message.SyncGroupRequestData()
                                .setGroupId("g")
                                .setMemberId(joined.memberId())
                                .setGenerationId(1)
                                .setAssignments(List.of(assignment(joined.memberId(), "t-0"))))
                .join();
        for (int i = 0; i < 100; i++) {
            commit(first, joined.memberId(), i % 10, 1000L + i);
        }
        first.onResign(0);
        log.close();

        PartitionLog reopened = open(logConfig);
        GroupCoordinator second = coordinator(reopened);
        second.onBecomeLeader(0, reopened).join();

        for (int p = 0; p < 10; p++) {
            assertThat(committed(second, p)).isEqualTo(1090L + p);
        }
        var heartbeat = second.heartbeat(
                        CoordinatorHarness.meta(4),
                        new HeartbeatRequestData()
                                .setGroupId("g")
                                .setMemberId(joined.memberId())
                                .setGenerationId(1))
                .join();
        assertThat(Errors.forCode(heartbeat.errorCode())).isEqualTo(Errors.NONE);
        reopened.close();
    }

    private PartitionLog open(LogConfig logConfig) {
        return SegmentedLog.open(dir, OFFSETS_0, logConfig, clock, storageScheduler, 0L, 0L, 0L, true);
    }

    private GroupCoordinator coordinator(PartitionLog log) {
        CoordinatorLog appender = (tp, records) -> {
            LogAppendResult result = log.appendAsLeader(records, 0);
            log.updateHighWatermark(log.logEndOffset());
            return CompletableFuture.completedFuture(result.lastOffset());
        };
        return new GroupCoordinator(config, clock, clock, Runnable::run, appender, new StaticTopics());
    }

    private static void commit(GroupCoordinator c, String memberId, int partition, long offset) {
        var req = new org.apache.kafka.common.message.OffsetCommitRequestData()
                .setGroupId("g")
                .setMemberId(memberId)
                .setGenerationIdOrMemberEpoch(1)
                .setTopics(
                        List.of(
                                new org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic()
                                        .setName("t")
                                        .setPartitions(List.of(new org.apache.kafka.common.message
                                                        .OffsetCommitRequestData.OffsetCommitRequestPartition()
                                                .setPartitionIndex(partition)
                                                .setCommittedOffset(offset)))));
        var response = c.commitOffsets(CoordinatorHarness.meta(8), req).join();
        assertThat(response.topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.NONE.code());
    }

    private static long committed(GroupCoordinator c, int partition) {
        return c.fetchOffsets(
                        CoordinatorHarness.meta(8),
                        new org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup()
                                .setGroupId("g")
                                .setTopics(List.of(
                                        new org.apache.kafka.common.message.OffsetFetchRequestData
                                                        .OffsetFetchRequestTopics()
                                                .setName("t")
                                                .setPartitionIndexes(List.of(partition)))),
                        false)
                .join()
                .topics()
                .get(0)
                .partitions()
                .get(0)
                .committedOffset();
    }
}
