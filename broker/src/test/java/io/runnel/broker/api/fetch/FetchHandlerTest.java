package io.runnel.broker.api.fetch;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.runnel.broker.partition.LeaderAndIsr;
import io.runnel.broker.testing.DataPlaneFixture;
import io.runnel.broker.testing.Produce;
import io.runnel.storage.LogConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Records;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.FetchMetadata;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FetchResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class FetchHandlerTest {

    private static final short LATEST = 18;
    private static final int NO_WAIT = 0;
    private static final int ONE_MB = 1024 * 1024;

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
        return IntStream.rangeClosed(4, 18).mapToObj(v -> (short) v);
    }

    @ParameterizedTest(name = "v{0}")
    @MethodSource("versions")
    void returnsTheProducedBatchesAsTheLogsFileSlice(short version) {
        TopicPartition tp = fixture.createTopic("orders");
        Produce.append(fixture, tp, fixture.batch("a", "b"));
        Produce.append(fixture, tp, fixture.batch("c"));

        FetchResponse response = fixture.call(fetch(version, Map.of(tp, 0L), NO_WAIT, 1), version);

        PartitionData data = partitionData(response, tp, version);
        assertThat(Errors.forCode(data.errorCode())).isEqualTo(Errors.NONE);
        assertThat(data.records()).isInstanceOf(FileRecords.class);
        assertThat(DataPlaneFixture.values((Records) data.records())).containsExactly("a", "b", "c");
        assertThat(data.highWatermark()).isEqualTo(3);
        assertThat(data.lastStableOffset()).isEqualTo(3);
        assertThat(data.logStartOffset()).isZero();
    }

    @Test
    void fetchedBatchesAreByteForByteTheStoredOnes() throws Exception {
        TopicPartition tp = fixture.createTopic("orders");
        Produce.append(fixture, tp, fixture.batch("a", "b"));
        Records stored = fixture.log(tp)
                .read(0, ONE_MB, io.runnel.storage.FetchIsolation.LOG_END, true)
                .records();

        FetchResponse response = fixture.call(fetch(LATEST, Map.of(tp, 0L), NO_WAIT, 1), LATEST);

        assertThat(bytes((Records) partitionData(response, tp, LATEST).records()))
                .isEqualTo(bytes(stored));
    }

    @Test
    void readCommittedConsumerReadsUpToTheLastStableOffset() {
        TopicPartition tp = fixture.createTopic("orders");
        Produce.append(fixture, tp, fixture.batch("a"));

        FetchResponse response = fixture.call(
                fetch(LATEST, Map.of(tp, 0L), NO_WAIT, 1).isolationLevel(IsolationLevel.READ_COMMITTED), LATEST);

        PartitionData data = partitionData(response, tp, LATEST);
        assertThat(DataPlaneFixture.values((Records) data.records())).containsExactly("a");
        assertThat(data.lastStableOffset()).isEqualTo(1);
        assertThat(data.abortedTransactions()).isEmpty();
    }

    @Test
    void longPollCompletesWhenRecordsAreAppended() {
        TopicPartition tp = fixture.createTopic("orders");

        CompletableFuture<AbstractResponse> pending = fixture.send(fetch(LATEST, Map.of(tp, 0L), 500, 1), LATEST);
        assertThat(pending).isNotDone();
        Produce.append(fixture, tp, fixture.batch("a"));

        assertThat(pending).isDone();
        PartitionData data = partitionData((FetchResponse) pending.join(), tp, LATEST);
        assertThat(DataPlaneFixture.values((Records) data.records())).containsExactly("a");
    }

    @Test
    void longPollExpiresAtMaxWaitWithNoRecords() {
        TopicPartition tp = fixture.createTopic("orders");

        CompletableFuture<AbstractResponse> pending = fixture.send(fetch(LATEST, Map.of(tp, 0L), 500, 1), LATEST);
        fixture.advanceClock(499);
        assertThat(pending).isNotDone();
        fixture.advanceClock(1);

        assertThat(pending).isDone();
        PartitionData data = partitionData((FetchResponse) pending.join(), tp, LATEST);
        assertThat(Errors.forCode(data.errorCode())).isEqualTo(Errors.NONE);
        assertThat(data.records().sizeInBytes()).isZero();
        assertThat(data.highWatermark()).isZero();
    }

    @Test
    void longPollWaitsUntilMinBytesAreAvailable() {
        TopicPartition tp = fixture.createTopic("orders");
        Produce.append(fixture, tp, fixture.batch("first"));
        int oneBatch = fixture.log(tp).sizeInBytes() > 0 ? (int) fixture.log(tp).sizeInBytes() : 1;

        CompletableFuture<AbstractResponse> pending =
                fixture.send(fetch(LATEST, Map.of(tp, 0L), 500, oneBatch + 1), LATEST);
        assertThat(pending).isNotDone();
        Produce.append(fixture, tp, fixture.batch("second"));

        assertThat(pending).isDone();
        PartitionData data = partitionData((FetchResponse) pending.join(), tp, LATEST);
        assertThat(DataPlaneFixture.values((Records) data.records())).containsExactly("first", "second");
    }

    @Test
    void responseStopsAtMaxBytesButAlwaysCarriesTheFirstBatch() {
        var tps = fixture.createTopic("orders", 2, Map.of());
        String big = "x".repeat(2000);
        Produce.append(fixture, tps.get(0), fixture.batch(big));
        Produce.append(fixture, tps.get(0), fixture.batch(big));
        Produce.append(fixture, tps.get(1), fixture.batch(big));
        var offsets = new LinkedHashMap<TopicPartition, Long>();
        offsets.put(tps.get(0), 0L);
        offsets.put(tps.get(1), 0L);

        FetchResponse response = fixture.call(fetch(LATEST, offsets, NO_WAIT, 1).setMaxBytes(100), LATEST);

        assertThat(DataPlaneFixture.values(
                        (Records) partitionData(response, tps.get(0), LATEST).records()))
                .containsExactly(big);
        assertThat(partitionData(response, tps.get(1), LATEST).records().sizeInBytes())
                .isZero();
    }

    @Test
    void partitionMaxBytesBoundsEachPartition() {
        TopicPartition tp = fixture.createTopic("orders");
        Produce.append(fixture, tp, fixture.batch("a"));
        Produce.append(fixture, tp, fixture.batch("b"));
        Produce.append(fixture, tp, fixture.batch("c"));
        int firstBatch = bytes(fixture.log(tp)
                        .read(0, 1, io.runnel.storage.FetchIsolation.LOG_END, true)
                        .records())
                .length;

        FetchResponse response = fixture.call(fetch(LATEST, Map.of(tp, 0L), NO_WAIT, 1, firstBatch * 2), LATEST);

        assertThat(DataPlaneFixture.values(
                        (Records) partitionData(response, tp, LATEST).records()))
                .containsExactly("a", "b");
    }

    @Test
    void fetchBeyondTheLogEndIsOffsetOutOfRange() {
        TopicPartition tp = fixture.createTopic("orders");
        Produce.append(fixture, tp, fixture.batch("a"));

        FetchResponse response = fixture.call(fetch(LATEST, Map.of(tp, 5L), 500, 1), LATEST);

        PartitionData data = partitionData(response, tp, LATEST);
        assertThat(Errors.forCode(data.errorCode())).isEqualTo(Errors.OFFSET_OUT_OF_RANGE);
        assertThat(data.highWatermark()).isEqualTo(-1);
    }

    @Test
    void partitionNotHostedAnywhereIsUnknownTopicOrPartition() {
        var tp = new TopicPartition("nowhere", 0);

        FetchResponse response = fixture.call(fetch((short) 12, Map.of(tp, 0L), 500, 1), (short) 12);

        assertThat(Errors.forCode(partitionData(response, tp, (short) 12).errorCode()))
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void unknownTopicIdIsUnknownTopicId() {
        Uuid unknown = Uuid.randomUuid();
        var fetchData = new LinkedHashMap<TopicPartition, FetchRequest.PartitionData>();
        fetchData.put(
                new TopicPartition("ghost", 0),
                new FetchRequest.PartitionData(unknown, 0, -1, ONE_MB, Optional.empty()));

        FetchResponse response = fixture.call(FetchRequest.Builder.forConsumer(LATEST, NO_WAIT, 1, fetchData), LATEST);

        FetchableTopicResponse topic = response.data().responses().get(0);
        assertThat(topic.topicId()).isEqualTo(unknown);
        assertThat(Errors.forCode(topic.partitions().get(0).errorCode())).isEqualTo(Errors.UNKNOWN_TOPIC_ID);
    }

    @Test
    void fetchWithAnOldLeaderEpochIsFenced() {
        TopicPartition tp = fixture.createTopic("orders");
        fixture.dataPlane()
                .partitions()
                .becomeLeader(
                        tp,
                        3,
                        List.of(DataPlaneFixture.BROKER_ID),
                        fixture.partition(tp).config());
        var fetchData =
                Map.of(tp, new FetchRequest.PartitionData(fixture.topicId("orders"), 0, -1, ONE_MB, Optional.of(2)));

        FetchResponse response = fixture.call(
                FetchRequest.Builder.forConsumer(LATEST, NO_WAIT, 1, new LinkedHashMap<>(fetchData)), LATEST);

        assertThat(Errors.forCode(partitionData(response, tp, LATEST).errorCode()))
                .isEqualTo(Errors.FENCED_LEADER_EPOCH);
    }

    @Test
    void waitingFetchAnswersAtOnceWhenThisBrokerStopsHostingThePartition() {
        TopicPartition tp = fixture.createTopic("orders");
        CompletableFuture<AbstractResponse> pending = fixture.send(fetch(LATEST, Map.of(tp, 0L), 500, 1), LATEST);

        fixture.dataPlane().partitions().remove(tp, false);

        assertThat(pending).isDone();
        assertThat(Errors.forCode(partitionData((FetchResponse) pending.join(), tp, LATEST)
                        .errorCode()))
                .isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    @Test
    void followerReadsPastTheHighWatermarkAndItsFetchOffsetCommitsAnAcksAllProduce() {
        fixture.declareTopic("replicated", 1);
        var tp = new TopicPartition("replicated", 0);
        fixture.dataPlane()
                .partitions()
                .becomeLeader(
                        tp,
                        new LeaderAndIsr(
                                DataPlaneFixture.BROKER_ID,
                                0,
                                List.of(DataPlaneFixture.BROKER_ID, 2),
                                List.of(DataPlaneFixture.BROKER_ID, 2)),
                        LogConfig.defaults());
        var data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(30_000);
        data.topicData()
                .add(new TopicProduceData()
                        .setName(tp.topic())
                        .setTopicId(fixture.topicId(tp.topic()))
                        .setPartitionData(
                                List.of(new PartitionProduceData().setIndex(0).setRecords(fixture.batch("a", "b")))));
        CompletableFuture<AbstractResponse> produce = fixture.send(ProduceRequest.builder(data), (short) 13);
        assertThat(produce).isNotDone();

        FetchResponse firstFetch = fixture.call(replicaFetch(tp, 0), LATEST);
        assertThat(DataPlaneFixture.values(
                        (Records) partitionData(firstFetch, tp, LATEST).records()))
                .containsExactly("a", "b");
        assertThat(produce).isNotDone();
        fixture.call(replicaFetch(tp, 2), LATEST);

        assertThat(produce).isDone();
        assertThat(fixture.partition(tp).highWatermark()).isEqualTo(2);
    }

    private FetchRequest.Builder replicaFetch(TopicPartition tp, long offset) {
        var fetchData = new LinkedHashMap<TopicPartition, FetchRequest.PartitionData>();
        fetchData.put(
                tp, new FetchRequest.PartitionData(fixture.topicId(tp.topic()), offset, 0, ONE_MB, Optional.of(0)));
        return FetchRequest.Builder.forReplica(LATEST, 2, 0, NO_WAIT, 1, fetchData);
    }

    @Nested
    class Sessions {

        @ParameterizedTest(name = "v{0}")
        @MethodSource("io.runnel.broker.api.fetch.FetchHandlerTest#sessionVersions")
        void fullFetchOpensASessionAndIncrementalFetchAnswersOnlyChangedPartitions(short version) {
            var tps = fixture.createTopic("orders", 2, Map.of());
            Produce.append(fixture, tps.get(0), fixture.batch("a"));
            Produce.append(fixture, tps.get(1), fixture.batch("b"));
            var offsets = new LinkedHashMap<TopicPartition, Long>();
            offsets.put(tps.get(0), 0L);
            offsets.put(tps.get(1), 0L);
            FetchResponse full =
                    fixture.call(fetch(version, offsets, NO_WAIT, 1).metadata(FetchMetadata.INITIAL), version);
            int sessionId = full.sessionId();
            assertThat(sessionId).isNotZero();
            assertThat(partitions(full)).hasSize(2);
            Produce.append(fixture, tps.get(1), fixture.batch("c"));

            FetchResponse incremental = fixture.call(
                    fetch(version, Map.of(tps.get(0), 1L, tps.get(1), 1L), NO_WAIT, 1)
                            .metadata(new FetchMetadata(sessionId, 1)),
                    version);

            assertThat(incremental.sessionId()).isEqualTo(sessionId);
            assertThat(partitions(incremental)).hasSize(1);
            assertThat(DataPlaneFixture.values((Records)
                            partitionData(incremental, tps.get(1), version).records()))
                    .containsExactly("c");
        }

        @Test
        void incrementalFetchWithNoChangesAnswersNoPartitions() {
            TopicPartition tp = fixture.createTopic("orders");
            Produce.append(fixture, tp, fixture.batch("a"));
            int sessionId = openSession(Map.of(tp, 0L));

            FetchResponse incremental = fixture.call(
                    fetch(LATEST, Map.of(tp, 1L), NO_WAIT, 1).metadata(new FetchMetadata(sessionId, 1)), LATEST);

            assertThat(Errors.forCode(incremental.data().errorCode())).isEqualTo(Errors.NONE);
            assertThat(partitions(incremental)).isEmpty();
        }

        @Test
        void incrementalFetchKeepsSessionPartitionsTheRequestLeavesOut() {
            var tps = fixture.createTopic("orders", 2, Map.of());
            int sessionId = openSession(Map.of(tps.get(0), 0L, tps.get(1), 0L));
            Produce.append(fixture, tps.get(1), fixture.batch("late"));

            FetchResponse incremental =
                    fixture.call(fetchWithoutPartitions().metadata(new FetchMetadata(sessionId, 1)), LATEST);

            assertThat(DataPlaneFixture.values((Records)
                            partitionData(incremental, tps.get(1), LATEST).records()))
                    .containsExactly("late");
        }

        @Test
        void forgottenPartitionIsNoLongerFetched() {
            var tps = fixture.createTopic("orders", 2, Map.of());
            int sessionId = openSession(Map.of(tps.get(0), 0L, tps.get(1), 0L));
            Produce.append(fixture, tps.get(0), fixture.batch("x"));
            Produce.append(fixture, tps.get(1), fixture.batch("y"));

            FetchResponse incremental = fixture.call(
                    fetchWithoutPartitions()
                            .metadata(new FetchMetadata(sessionId, 1))
                            .removed(List.of(new TopicIdPartition(fixture.topicId("orders"), tps.get(0)))),
                    LATEST);

            assertThat(partitions(incremental))
                    .extracting(PartitionData::partitionIndex)
                    .containsExactly(1);
        }

        @Test
        void wrongEpochIsInvalidFetchSessionEpoch() {
            TopicPartition tp = fixture.createTopic("orders");
            int sessionId = openSession(Map.of(tp, 0L));

            FetchResponse response =
                    fixture.call(fetchWithoutPartitions().metadata(new FetchMetadata(sessionId, 5)), LATEST);

            assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.INVALID_FETCH_SESSION_EPOCH);
            assertThat(response.data().responses()).isEmpty();
        }

        @Test
        void unknownSessionIsFetchSessionIdNotFound() {
            FetchResponse response =
                    fixture.call(fetchWithoutPartitions().metadata(new FetchMetadata(12345, 1)), LATEST);

            assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);
        }

        @Test
        void epochMovesOnWithEachIncrementalFetch() {
            TopicPartition tp = fixture.createTopic("orders");
            int sessionId = openSession(Map.of(tp, 0L));
            fixture.call(fetchWithoutPartitions().metadata(new FetchMetadata(sessionId, 1)), LATEST);

            FetchResponse replayed =
                    fixture.call(fetchWithoutPartitions().metadata(new FetchMetadata(sessionId, 1)), LATEST);
            FetchResponse next =
                    fixture.call(fetchWithoutPartitions().metadata(new FetchMetadata(sessionId, 2)), LATEST);

            assertThat(Errors.forCode(replayed.data().errorCode())).isEqualTo(Errors.INVALID_FETCH_SESSION_EPOCH);
            assertThat(Errors.forCode(next.data().errorCode())).isEqualTo(Errors.NONE);
        }

        @Test
        void finalEpochClosesTheSession() {
            TopicPartition tp = fixture.createTopic("orders");
            int sessionId = openSession(Map.of(tp, 0L));

            FetchResponse closing = fixture.call(
                    fetch(LATEST, Map.of(tp, 0L), NO_WAIT, 1).metadata(new FetchMetadata(sessionId, -1)), LATEST);
            FetchResponse after =
                    fixture.call(fetchWithoutPartitions().metadata(new FetchMetadata(sessionId, 1)), LATEST);

            assertThat(closing.sessionId()).isZero();
            assertThat(Errors.forCode(after.data().errorCode())).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);
        }

        @Test
        void incrementalFetchLongPollsOnTheSessionPartitions() {
            TopicPartition tp = fixture.createTopic("orders");
            int sessionId = openSession(Map.of(tp, 0L));

            CompletableFuture<AbstractResponse> pending =
                    fixture.send(fetchWithoutPartitions(500).metadata(new FetchMetadata(sessionId, 1)), LATEST);
            assertThat(pending).isNotDone();
            Produce.append(fixture, tp, fixture.batch("a"));

            assertThat(pending).isDone();
            FetchResponse response = (FetchResponse) pending.join();
            assertThat(DataPlaneFixture.values(
                            (Records) partitionData(response, tp, LATEST).records()))
                    .containsExactly("a");
        }
    }

    @Nested
    class BoundedSessionCache {

        @BeforeEach
        void oneSlot() throws Exception {
            fixture.close();
            fixture = new DataPlaneFixture(dir.resolve("one-slot"), 1);
        }

        @Test
        void fullCacheAnswersSessionIdZeroToAnEquallyValuableNewSession() {
            TopicPartition tp = fixture.createTopic("orders");
            openSession(Map.of(tp, 0L));

            FetchResponse second = fixture.call(fetch(LATEST, Map.of(tp, 0L), NO_WAIT, 1), LATEST);

            assertThat(Errors.forCode(second.data().errorCode())).isEqualTo(Errors.NONE);
            assertThat(second.sessionId()).isZero();
        }

        @Test
        void sessionUnusedForTheEvictionTimeIsEvicted() {
            TopicPartition tp = fixture.createTopic("orders");
            int first = openSession(Map.of(tp, 0L));
            fixture.advanceClock(FetchSessionCache.DEFAULT_EVICTION_MS + 1);

            int second = openSession(Map.of(tp, 0L));
            FetchResponse evicted =
                    fixture.call(fetchWithoutPartitions().metadata(new FetchMetadata(first, 1)), LATEST);

            assertThat(second).isNotZero().isNotEqualTo(first);
            assertThat(Errors.forCode(evicted.data().errorCode())).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);
        }

        @Test
        void largerSessionDisplacesAnOldSmallerOneThatIsStillInUse() {
            var tps = fixture.createTopic("orders", 2, Map.of());
            int small = openSession(Map.of(tps.get(0), 0L));
            fixture.advanceClock(FetchSessionCache.DEFAULT_EVICTION_MS + 1);
            fixture.call(fetchWithoutPartitions().metadata(new FetchMetadata(small, 1)), LATEST);

            int large = openSession(Map.of(tps.get(0), 0L, tps.get(1), 0L));

            assertThat(large).isNotZero();
            FetchResponse evicted =
                    fixture.call(fetchWithoutPartitions().metadata(new FetchMetadata(small, 2)), LATEST);
            assertThat(Errors.forCode(evicted.data().errorCode())).isEqualTo(Errors.FETCH_SESSION_ID_NOT_FOUND);
        }
    }

    static Stream<Short> sessionVersions() {
        return IntStream.rangeClosed(7, 18).mapToObj(v -> (short) v);
    }

    private int openSession(Map<TopicPartition, Long> offsets) {
        FetchResponse response = fixture.call(
                fetch(LATEST, new LinkedHashMap<>(offsets), NO_WAIT, 1).metadata(FetchMetadata.INITIAL), LATEST);
        return response.sessionId();
    }

    private FetchRequest.Builder fetch(short version, Map<TopicPartition, Long> offsets, int maxWaitMs, int minBytes) {
        return fetch(version, offsets, maxWaitMs, minBytes, ONE_MB);
    }

    private FetchRequest.Builder fetch(
            short version, Map<TopicPartition, Long> offsets, int maxWaitMs, int minBytes, int partitionMaxBytes) {
        var fetchData = new LinkedHashMap<TopicPartition, FetchRequest.PartitionData>();
        offsets.forEach((tp, offset) -> {
            Uuid id = fixture.topicId(tp.topic());
            fetchData.put(
                    tp,
                    new FetchRequest.PartitionData(
                            id == null ? Uuid.ZERO_UUID : id, offset, -1, partitionMaxBytes, Optional.empty()));
        });
        return FetchRequest.Builder.forConsumer(version, maxWaitMs, minBytes, fetchData);
    }

    private FetchRequest.Builder fetchWithoutPartitions() {
        return fetchWithoutPartitions(NO_WAIT);
    }

    private FetchRequest.Builder fetchWithoutPartitions(int maxWaitMs) {
        return FetchRequest.Builder.forConsumer(LATEST, maxWaitMs, 1, new LinkedHashMap<>());
    }

    private static List<PartitionData> partitions(FetchResponse response) {
        return response.data().responses().stream()
                .flatMap(topic -> topic.partitions().stream())
                .toList();
    }

    private PartitionData partitionData(FetchResponse response, TopicPartition tp, short version) {
        for (FetchableTopicResponse topic : response.data().responses()) {
            boolean sameTopic = version >= 13
                    ? topic.topicId().equals(fixture.topicId(tp.topic()))
                    : topic.topic().equals(tp.topic());
            if (sameTopic) {
                for (PartitionData partition : topic.partitions()) {
                    if (partition.partitionIndex() == tp.partition()) {
                        return partition;
                    }
                }
            }
        }
        throw new AssertionError("No data for " + tp + " in " + response.data());
    }

    private static byte[] bytes(Records records) {
        try {
            var buffer = java.nio.ByteBuffer.allocate(records.sizeInBytes());
            if (records instanceof FileRecords file) {
                file.readInto(buffer, 0);
            } else {
                buffer.put(((MemoryRecords) records).buffer().duplicate());
            }
            return buffer.array();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
