package io.runnel.broker.api.offsets;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.runnel.broker.partition.LeaderAndIsr;
import io.runnel.broker.testing.DataPlaneFixture;
import io.runnel.broker.testing.Produce;
import io.runnel.storage.LogConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.message.DeleteRecordsRequestData;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsPartition;
import org.apache.kafka.common.message.DeleteRecordsRequestData.DeleteRecordsTopic;
import org.apache.kafka.common.message.DeleteRecordsResponseData.DeleteRecordsPartitionResult;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderPartition;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData.OffsetForLeaderTopicCollection;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.DeleteRecordsRequest;
import org.apache.kafka.common.requests.DeleteRecordsResponse;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.ListOffsetsResponse;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochRequest;
import org.apache.kafka.common.requests.OffsetsForLeaderEpochResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.runnel.broker.testing.DataPlaneFixture.BROKER_ID;
import static org.assertj.core.api.Assertions.assertThat;

class OffsetsHandlersTest {

    @TempDir
    Path dir;

    private DataPlaneFixture fixture;
    private TopicPartition tp;
    private long t0;

    /** Three records at t0, t0+10 (offset 1, the largest timestamp) and t0+5 (offset 2). */
    @BeforeEach
    void setUp() {
        fixture = new DataPlaneFixture(dir);
        tp = fixture.createTopic("orders");
        t0 = fixture.clock.milliseconds();
        Produce.append(
                fixture,
                tp,
                MemoryRecords.withRecords(
                        Compression.NONE,
                        new SimpleRecord(t0, "a".getBytes()),
                        new SimpleRecord(t0 + 10, "b".getBytes()),
                        new SimpleRecord(t0 + 5, "c".getBytes())));
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Nested
    class ListOffsets {

        @Test
        void earliestIsTheLogStartOffset() {
            assertThat(listOffset(ListOffsetsRequest.EARLIEST_TIMESTAMP).offset())
                    .isZero();
        }

        @Test
        void latestIsTheHighWatermarkWithTheLeaderEpoch() {
            ListOffsetsPartitionResponse answer = listOffset(ListOffsetsRequest.LATEST_TIMESTAMP);

            assertThat(answer.offset()).isEqualTo(3);
            assertThat(answer.leaderEpoch()).isZero();
        }

        @Test
        void timestampFindsTheFirstOffsetAtOrAfterIt() {
            ListOffsetsPartitionResponse answer = listOffset(t0 + 3);

            assertThat(answer.offset()).isEqualTo(1);
            assertThat(answer.timestamp()).isEqualTo(t0 + 10);
        }

        @Test
        void timestampAfterEveryRecordFindsNothing() {
            ListOffsetsPartitionResponse answer = listOffset(t0 + 11);

            assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.NONE);
            assertThat(answer.offset()).isEqualTo(-1);
            assertThat(answer.timestamp()).isEqualTo(-1);
        }

        @Test
        void maxTimestampFindsTheRecordWithTheLargestTimestamp() {
            ListOffsetsPartitionResponse answer = listOffset(ListOffsetsRequest.MAX_TIMESTAMP);

            assertThat(answer.offset()).isEqualTo(1);
            assertThat(answer.timestamp()).isEqualTo(t0 + 10);
        }

        @Test
        void earliestLocalIsTheLogStartOffsetWithoutTieredStorage() {
            deleteRecords(1);

            assertThat(listOffset(ListOffsetsRequest.EARLIEST_LOCAL_TIMESTAMP).offset())
                    .isEqualTo(1);
        }

        @Test
        void latestStopsAtTheHighWatermarkWhileAFollowerLags() {
            fixture.declareTopic("replicated", 1);
            var replicated = new TopicPartition("replicated", 0);
            fixture.dataPlane()
                    .partitions()
                    .becomeLeader(
                            replicated,
                            new LeaderAndIsr(BROKER_ID, 0, List.of(BROKER_ID, 2), List.of(BROKER_ID, 2)),
                            LogConfig.defaults());
            fixture.partition(replicated).appendRecordsToLeader(fixture.batch("x", "y"), (short) 1);
            fixture.partition(replicated).updateFollowerFetchState(2, 1);

            assertThat(listOffset(replicated, ListOffsetsRequest.LATEST_TIMESTAMP, -1, IsolationLevel.READ_UNCOMMITTED)
                            .offset())
                    .isEqualTo(1);
        }

        @Test
        void readCommittedLatestIsTheLastStableOffset() {
            ListOffsetsPartitionResponse answer =
                    listOffset(tp, ListOffsetsRequest.LATEST_TIMESTAMP, -1, IsolationLevel.READ_COMMITTED);

            assertThat(answer.offset()).isEqualTo(3);
        }

        @Test
        void unknownPartitionIsUnknownTopicOrPartition() {
            ListOffsetsPartitionResponse answer = listOffset(
                    new TopicPartition("nowhere", 0),
                    ListOffsetsRequest.LATEST_TIMESTAMP,
                    -1,
                    IsolationLevel.READ_UNCOMMITTED);

            assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }

        @Test
        void newerLeaderEpochThanTheLeadersIsUnknownLeaderEpoch() {
            ListOffsetsPartitionResponse answer =
                    listOffset(tp, ListOffsetsRequest.LATEST_TIMESTAMP, 4, IsolationLevel.READ_UNCOMMITTED);

            assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.UNKNOWN_LEADER_EPOCH);
        }

        @ParameterizedTest(name = "v{0}")
        @ValueSource(shorts = {1, 2, 4, 7, 9, 11})
        void answersEarliestAndLatestAtEveryVersion(short version) {
            assertThat(listOffset(
                                    tp,
                                    ListOffsetsRequest.EARLIEST_TIMESTAMP,
                                    -1,
                                    IsolationLevel.READ_UNCOMMITTED,
                                    version)
                            .offset())
                    .isZero();
            assertThat(listOffset(tp, ListOffsetsRequest.LATEST_TIMESTAMP, -1, IsolationLevel.READ_UNCOMMITTED, version)
                            .offset())
                    .isEqualTo(3);
        }
    }

    @Nested
    class DeleteRecords {

        @Test
        void raisesTheLogStartOffsetSoOlderOffsetsAreOutOfRange() {
            DeleteRecordsPartitionResult result = deleteRecords(2);

            assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.NONE);
            assertThat(result.lowWatermark()).isEqualTo(2);
            assertThat(fetchError(0)).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
            assertThat(listOffset(ListOffsetsRequest.EARLIEST_TIMESTAMP).offset())
                    .isEqualTo(2);
        }

        @Test
        void fetchAtTheNewStartReportsTheRaisedLogStartOffset() {
            deleteRecords(2);

            FetchResponse response = fetch(2);

            var data = response.data().responses().get(0).partitions().get(0);
            assertThat(Errors.forCode(data.errorCode())).isEqualTo(Errors.NONE);
            assertThat(data.logStartOffset()).isEqualTo(2);
            assertThat(DataPlaneFixture.values((org.apache.kafka.common.record.internal.Records) data.records()))
                    .endsWith("c"); // the whole batch holding offset 2, as Kafka returns it
        }

        @Test
        void minusOneDeletesUpToTheHighWatermark() {
            assertThat(deleteRecords(-1).lowWatermark()).isEqualTo(3);
        }

        @Test
        void offsetAboveTheHighWatermarkIsOffsetOutOfRange() {
            DeleteRecordsPartitionResult result = deleteRecords(4);

            assertThat(Errors.forCode(result.errorCode())).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
            assertThat(fixture.log(tp).logStartOffset()).isZero();
        }

        @Test
        void compactedTopicIsAPolicyViolation() {
            TopicPartition compacted = fixture.createTopic(
                            "compacted",
                            1,
                            Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                    .get(0);
            Produce.append(fixture, compacted, fixture.batch("k"));

            assertThat(Errors.forCode(deleteRecords(compacted, 1).errorCode())).isEqualTo(Errors.POLICY_VIOLATION);
        }
    }

    @Nested
    class OffsetForLeaderEpoch {

        @BeforeEach
        void secondLeaderEpoch() {
            fixture.dataPlane()
                    .partitions()
                    .becomeLeader(
                            tp, 2, List.of(BROKER_ID), fixture.partition(tp).config());
            Produce.append(fixture, tp, fixture.batch("d", "e"));
        }

        @Test
        void earlierEpochEndsWhereTheNextBegins() {
            EpochEndOffset answer = endOffset(0, Optional.empty());

            assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.NONE);
            assertThat(answer.leaderEpoch()).isZero();
            assertThat(answer.endOffset()).isEqualTo(3);
        }

        @Test
        void unusedEpochAnswersTheLargestEpochBelowIt() {
            EpochEndOffset answer = endOffset(1, Optional.empty());

            assertThat(answer.leaderEpoch()).isZero();
            assertThat(answer.endOffset()).isEqualTo(3);
        }

        @Test
        void latestEpochEndsAtTheLogEnd() {
            EpochEndOffset answer = endOffset(2, Optional.of(2));

            assertThat(answer.leaderEpoch()).isEqualTo(2);
            assertThat(answer.endOffset()).isEqualTo(5);
        }

        @Test
        void staleCurrentLeaderEpochIsFenced() {
            EpochEndOffset answer = endOffset(0, Optional.of(0));

            assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.FENCED_LEADER_EPOCH);
            assertThat(answer.endOffset()).isEqualTo(-1);
        }

        private EpochEndOffset endOffset(int epoch, Optional<Integer> currentLeaderEpoch) {
            var topics = new OffsetForLeaderTopicCollection();
            topics.add(new OffsetForLeaderTopic()
                    .setTopic(tp.topic())
                    .setPartitions(List.of(new OffsetForLeaderPartition()
                            .setPartition(tp.partition())
                            .setLeaderEpoch(epoch)
                            .setCurrentLeaderEpoch(currentLeaderEpoch.orElse(-1)))));
            OffsetsForLeaderEpochResponse response =
                    fixture.call(OffsetsForLeaderEpochRequest.Builder.forConsumer(topics), (short) 4);
            return response.data().topics().iterator().next().partitions().get(0);
        }
    }

    private ListOffsetsPartitionResponse listOffset(long timestamp) {
        return listOffset(tp, timestamp, -1, IsolationLevel.READ_UNCOMMITTED);
    }

    private ListOffsetsPartitionResponse listOffset(
            TopicPartition partition, long timestamp, int currentLeaderEpoch, IsolationLevel isolation) {
        return listOffset(partition, timestamp, currentLeaderEpoch, isolation, (short) 11);
    }

    private ListOffsetsPartitionResponse listOffset(
            TopicPartition partition, long timestamp, int currentLeaderEpoch, IsolationLevel isolation, short version) {
        var builder = ListOffsetsRequest.Builder.forConsumer(false, isolation)
                .setTargetTimes(List.of(new ListOffsetsTopic()
                        .setName(partition.topic())
                        .setPartitions(List.of(new ListOffsetsPartition()
                                .setPartitionIndex(partition.partition())
                                .setTimestamp(timestamp)
                                .setCurrentLeaderEpoch(currentLeaderEpoch)))));
        ListOffsetsResponse response = fixture.call(builder, version);
        return response.topics().get(0).partitions().get(0);
    }

    private DeleteRecordsPartitionResult deleteRecords(long offset) {
        return deleteRecords(tp, offset);
    }

    private DeleteRecordsPartitionResult deleteRecords(TopicPartition partition, long offset) {
        var data = new DeleteRecordsRequestData().setTimeoutMs(1000);
        data.topics()
                .add(new DeleteRecordsTopic()
                        .setName(partition.topic())
                        .setPartitions(List.of(new DeleteRecordsPartition()
                                .setPartitionIndex(partition.partition())
                                .setOffset(offset))));
        DeleteRecordsResponse response = fixture.call(new DeleteRecordsRequest.Builder(data), (short) 2);
        return response.data()
                .topics()
                .iterator()
                .next()
                .partitions()
                .iterator()
                .next();
    }

    private FetchResponse fetch(long offset) {
        var fetchData = new LinkedHashMap<TopicPartition, FetchRequest.PartitionData>();
        fetchData.put(
                tp, new FetchRequest.PartitionData(fixture.topicId(tp.topic()), offset, -1, 1 << 20, Optional.empty()));
        return fixture.call(FetchRequest.Builder.forConsumer((short) 18, 0, 1, fetchData), (short) 18);
    }

    private Errors fetchError(long offset) {
        return Errors.forCode(
                fetch(offset).data().responses().get(0).partitions().get(0).errorCode());
    }
}
