package io.runnel.broker.api.produce;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.runnel.broker.partition.LeaderAndIsr;
import io.runnel.broker.testing.DataPlaneFixture;
import io.runnel.storage.FetchIsolation;
import io.runnel.storage.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.runnel.broker.testing.DataPlaneFixture.BROKER_ID;
import static org.assertj.core.api.Assertions.assertThat;

class ProduceHandlerTest {

    private static final short LATEST = 13;

    @TempDir
    Path dir;

    private DataPlaneFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new DataPlaneFixture(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    static Stream<Short> versions() {
        return IntStream.rangeClosed(3, 13).mapToObj(v -> (short) v);
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("versions")
    void storesTheBatchAndAnswersItsBaseOffset(short version) {
        TopicPartition tp = fixture.createTopic("orders");
        fixture.call(produce(version, (short) 1, Map.of(tp, fixture.batch("a", "b"))), version);

        ProduceResponse response = fixture.call(produce(version, (short) 1, Map.of(tp, fixture.batch("c"))), version);

        PartitionProduceResponse answer = partitionResponse(response, tp, version);
        assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.NONE);
        assertThat(answer.baseOffset()).isEqualTo(2);
        assertThat(answer.logStartOffset()).isZero();
        assertThat(answer.logAppendTimeMs()).isEqualTo(-1);
        Records stored = fixture.log(tp)
                .read(0, Integer.MAX_VALUE, FetchIsolation.LOG_END, true)
                .records();
        assertThat(stored).isInstanceOf(FileRecords.class);
        assertThat(DataPlaneFixture.values(stored)).containsExactly("a", "b", "c");
    }

    @Test
    void acksZeroGetsNoResponseButStoresTheBatch() {
        TopicPartition tp = fixture.createTopic("orders");

        AbstractResponse response = fixture.call(produce(LATEST, (short) 0, Map.of(tp, fixture.batch("a"))), LATEST);

        assertThat(response).isNull();
        assertThat(fixture.log(tp).logEndOffset()).isEqualTo(1);
    }

    @Test
    void tooLargeBatchFailsAloneWhileAnotherPartitionIsStored() {
        TopicPartition small = fixture.createTopic("small", 1, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, 100))
                .get(0);
        TopicPartition roomy = fixture.createTopic("roomy");
        String big = "x".repeat(500);

        ProduceResponse response = fixture.call(
                produce(LATEST, (short) -1, Map.of(small, fixture.batch(big), roomy, fixture.batch(big))), LATEST);

        assertThat(error(response, small, LATEST)).isEqualTo(Errors.MESSAGE_TOO_LARGE);
        assertThat(error(response, roomy, LATEST)).isEqualTo(Errors.NONE);
        assertThat(fixture.log(small).logEndOffset()).isZero();
        assertThat(fixture.log(roomy).logEndOffset()).isEqualTo(1);
    }

    @Test
    void batchWithBadCrcIsCorruptMessage() {
        TopicPartition tp = fixture.createTopic("orders");
        MemoryRecords records = fixture.batch("payload");
        ByteBuffer buffer = records.buffer();
        int last = buffer.limit() - 1;
        buffer.put(last, (byte) (buffer.get(last) ^ 0x7f));

        ProduceResponse response = fixture.call(produce(LATEST, (short) 1, Map.of(tp, records)), LATEST);

        assertThat(error(response, tp, LATEST)).isEqualTo(Errors.CORRUPT_MESSAGE);
        assertThat(fixture.log(tp).logEndOffset()).isZero();
    }

    @Test
    void clientWriteToConsumerOffsetsIsInvalidTopicAndNotStored() {
        TopicPartition offsets = fixture.createTopic(Topic.GROUP_METADATA_TOPIC_NAME, 1, Map.of())
                .get(0);

        ProduceResponse response =
                fixture.call(produce(LATEST, (short) 1, Map.of(offsets, fixture.batch("forged"))), LATEST);

        assertThat(error(response, offsets, LATEST)).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(fixture.log(offsets).logEndOffset()).isZero();
    }

    @Test
    void partitionOfNoTopicIsUnknownTopicOrPartition() {
        var tp = new TopicPartition("nowhere", 0);

        ProduceResponse response =
                fixture.call(produce((short) 12, (short) 1, Map.of(tp, fixture.batch("a"))), (short) 12);

        assertThat(error(response, tp, (short) 12)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void partitionBeyondTheTopicsPartitionCountIsUnknownTopicOrPartition() {
        fixture.createTopic("orders");
        var tp = new TopicPartition("orders", 7);

        ProduceResponse response = fixture.call(produce(LATEST, (short) 1, Map.of(tp, fixture.batch("a"))), LATEST);

        assertThat(error(response, tp, LATEST)).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void partitionLedByAnotherBrokerIsNotLeaderOrFollower() {
        fixture.declareTopic("elsewhere", 1);
        var tp = new TopicPartition("elsewhere", 0);

        ProduceResponse response = fixture.call(produce(LATEST, (short) 1, Map.of(tp, fixture.batch("a"))), LATEST);

        assertThat(error(response, tp, LATEST)).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void unknownTopicIdIsUnknownTopicId() {
        var data = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000);
        data.topicData()
                .add(new TopicProduceData()
                        .setTopicId(Uuid.randomUuid())
                        .setPartitionData(
                                List.of(new PartitionProduceData().setIndex(0).setRecords(fixture.batch("a")))));

        ProduceResponse response = fixture.call(ProduceRequest.builder(data), LATEST);

        TopicProduceResponse topic = response.data().responses().iterator().next();
        assertThat(Errors.forCode(topic.partitionResponses().get(0).errorCode()))
                .isEqualTo(Errors.UNKNOWN_TOPIC_ID);
    }

    @Test
    void invalidRequiredAcksIsRefusedWithoutStoring() {
        TopicPartition tp = fixture.createTopic("orders");

        ProduceResponse response = fixture.call(produce(LATEST, (short) 2, Map.of(tp, fixture.batch("a"))), LATEST);

        assertThat(error(response, tp, LATEST)).isEqualTo(Errors.INVALID_REQUIRED_ACKS);
        assertThat(fixture.log(tp).logEndOffset()).isZero();
    }

    @Test
    void idempotentRetryIsAnsweredWithTheOriginalOffsetsAndNotStoredTwice() {
        TopicPartition tp = fixture.createTopic("orders");
        fixture.call(produce(LATEST, (short) -1, Map.of(tp, fixture.batch("before"))), LATEST);
        MemoryRecords first = fixture.idempotentBatch(42L, (short) 0, 0, "a", "b");
        MemoryRecords retry = fixture.idempotentBatch(42L, (short) 0, 0, "a", "b");
        fixture.call(produce(LATEST, (short) -1, Map.of(tp, first)), LATEST);

        ProduceResponse response = fixture.call(produce(LATEST, (short) -1, Map.of(tp, retry)), LATEST);

        PartitionProduceResponse answer = partitionResponse(response, tp, LATEST);
        assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.NONE);
        assertThat(answer.baseOffset()).isEqualTo(1);
        assertThat(fixture.log(tp).logEndOffset()).isEqualTo(3);
    }

    @Test
    void idempotentBatchWithASequenceGapIsOutOfOrderSequence() {
        TopicPartition tp = fixture.createTopic("orders");
        fixture.call(produce(LATEST, (short) -1, Map.of(tp, fixture.idempotentBatch(42L, (short) 0, 0, "a"))), LATEST);

        ProduceResponse response = fixture.call(
                produce(LATEST, (short) -1, Map.of(tp, fixture.idempotentBatch(42L, (short) 0, 5, "b"))), LATEST);

        assertThat(error(response, tp, LATEST)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }

    @Test
    void idempotentBatchFromAnOlderProducerEpochIsInvalidProducerEpoch() {
        TopicPartition tp = fixture.createTopic("orders");
        fixture.call(produce(LATEST, (short) -1, Map.of(tp, fixture.idempotentBatch(42L, (short) 1, 0, "a"))), LATEST);

        ProduceResponse response = fixture.call(
                produce(LATEST, (short) -1, Map.of(tp, fixture.idempotentBatch(42L, (short) 0, 1, "b"))), LATEST);

        assertThat(error(response, tp, LATEST)).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
    }

    @Test
    void logAppendTimeTopicAnswersTheBrokerTimestamp() {
        TopicPartition tp = fixture.createTopic(
                        "stamped", 1, Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"))
                .get(0);

        ProduceResponse response = fixture.call(produce(LATEST, (short) 1, Map.of(tp, fixture.batch("a"))), LATEST);

        assertThat(partitionResponse(response, tp, LATEST).logAppendTimeMs()).isEqualTo(fixture.clock.milliseconds());
    }

    @Test
    void recordTimestampOutsideTheAllowedRangeIsInvalidTimestampWithRecordErrors() {
        TopicPartition tp = fixture.createTopic(
                        "strict", 1, Map.of(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, 1000L))
                .get(0);
        MemoryRecords records = MemoryRecords.withRecords(
                org.apache.kafka.common.compress.Compression.NONE,
                fixture.record("now"),
                new org.apache.kafka.common.record.internal.SimpleRecord(
                        fixture.clock.milliseconds() + 3_600_000L, "future".getBytes()));

        ProduceResponse response = fixture.call(produce(LATEST, (short) 1, Map.of(tp, records)), LATEST);

        PartitionProduceResponse answer = partitionResponse(response, tp, LATEST);
        assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.INVALID_TIMESTAMP);
        assertThat(answer.recordErrors()).singleElement().satisfies(e -> assertThat(e.batchIndex())
                .isEqualTo(1));
        assertThat(fixture.log(tp).logEndOffset()).isZero();
    }

    @Test
    void keylessRecordOnACompactedTopicIsInvalidRecordWithItsIndex() {
        TopicPartition tp = fixture.createTopic(
                        "compacted", 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                .get(0);
        MemoryRecords records = MemoryRecords.withRecords(
                org.apache.kafka.common.compress.Compression.NONE,
                fixture.record("keyed"),
                new org.apache.kafka.common.record.internal.SimpleRecord(
                        fixture.clock.milliseconds(), "no key".getBytes()));

        ProduceResponse response = fixture.call(produce((short) 8, (short) 1, Map.of(tp, records)), (short) 8);

        PartitionProduceResponse answer = partitionResponse(response, tp, (short) 8);
        assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.INVALID_RECORD);
        assertThat(answer.errorMessage()).isNotBlank();
        assertThat(answer.recordErrors()).extracting(e -> e.batchIndex()).containsExactly(1);
    }

    @Test
    void acksAllWithFewerInSyncReplicasThanMinIsrIsNotEnoughReplicas() {
        TopicPartition tp = fixture.createTopic("durable", 1, Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, 2))
                .get(0);

        ProduceResponse response = fixture.call(produce(LATEST, (short) -1, Map.of(tp, fixture.batch("a"))), LATEST);

        assertThat(error(response, tp, LATEST)).isEqualTo(Errors.NOT_ENOUGH_REPLICAS);
        assertThat(fixture.log(tp).logEndOffset()).isZero();
    }

    @Test
    void acksOneIgnoresMinIsr() {
        TopicPartition tp = fixture.createTopic("durable", 1, Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, 2))
                .get(0);

        ProduceResponse response = fixture.call(produce(LATEST, (short) 1, Map.of(tp, fixture.batch("a"))), LATEST);

        assertThat(error(response, tp, LATEST)).isEqualTo(Errors.NONE);
    }

    @Test
    void acksAllWaitsUntilTheFollowerReachesTheBatch() {
        TopicPartition tp = replicatedPartition();

        CompletableFuture<AbstractResponse> pending =
                fixture.send(produce(LATEST, (short) -1, Map.of(tp, fixture.batch("a", "b"))), LATEST);
        assertThat(pending).isNotDone();

        fixture.partition(tp).updateFollowerFetchState(2, 2);

        assertThat(pending).isDone();
        assertThat(error((ProduceResponse) pending.join(), tp, LATEST)).isEqualTo(Errors.NONE);
        assertThat(fixture.partition(tp).highWatermark()).isEqualTo(2);
    }

    @Test
    void acksAllTimesOutWhenTheFollowerDoesNotCatchUp() {
        TopicPartition tp = replicatedPartition();
        var builder = produce(LATEST, (short) -1, Map.of(tp, fixture.batch("a")));

        CompletableFuture<AbstractResponse> pending = fixture.send(builder, LATEST);
        fixture.advanceClock(29_999);
        assertThat(pending).isNotDone();
        fixture.advanceClock(1);

        assertThat(pending).isDone();
        assertThat(error((ProduceResponse) pending.join(), tp, LATEST)).isEqualTo(Errors.REQUEST_TIMED_OUT);
    }

    /** A partition led here with a second, in-sync replica on broker 2 that has not fetched yet. */
    private TopicPartition replicatedPartition() {
        fixture.declareTopic("replicated", 1);
        var tp = new TopicPartition("replicated", 0);
        fixture.dataPlane()
                .partitions()
                .becomeLeader(
                        tp,
                        new LeaderAndIsr(BROKER_ID, 0, List.of(BROKER_ID, 2), List.of(BROKER_ID, 2)),
                        LogConfig.defaults());
        return tp;
    }

    private ProduceRequest.Builder produce(short version, short acks, Map<TopicPartition, MemoryRecords> batches) {
        var data = new ProduceRequestData().setAcks(acks).setTimeoutMs(30_000);
        batches.forEach((tp, records) -> {
            TopicProduceData topic = data.topicData().find(tp.topic(), topicIdOrZero(tp.topic()));
            if (topic == null) {
                topic = new TopicProduceData().setName(tp.topic()).setTopicId(topicIdOrZero(tp.topic()));
                data.topicData().add(topic);
            }
            topic.partitionData()
                    .add(new PartitionProduceData().setIndex(tp.partition()).setRecords(records));
        });
        return new ProduceRequest.Builder(version, version, data);
    }

    private Uuid topicIdOrZero(String topic) {
        Uuid id = fixture.topicId(topic);
        return id == null ? Uuid.ZERO_UUID : id;
    }

    private PartitionProduceResponse partitionResponse(ProduceResponse response, TopicPartition tp, short version) {
        for (TopicProduceResponse topic : response.data().responses()) {
            boolean sameTopic = version >= 13
                    ? topic.topicId().equals(fixture.topicId(tp.topic()))
                    : topic.name().equals(tp.topic());
            if (sameTopic) {
                for (PartitionProduceResponse partition : topic.partitionResponses()) {
                    if (partition.index() == tp.partition()) {
                        return partition;
                    }
                }
            }
        }
        throw new AssertionError("No response for " + tp + " in " + response.data());
    }

    private Errors error(ProduceResponse response, TopicPartition tp, short version) {
        return Errors.forCode(partitionResponse(response, tp, version).errorCode());
    }
}
