package io.runnel.broker.api.producer;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.runnel.broker.testing.ApiRequests;
import io.runnel.broker.testing.DataPlaneFixture;
import io.runnel.broker.testing.Produce;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.CoordinatorLoadInProgressException;
import org.apache.kafka.common.message.DescribeProducersRequestData;
import org.apache.kafka.common.message.DescribeProducersResponseData.PartitionResponse;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeProducersRequest;
import org.apache.kafka.common.requests.DescribeProducersResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProducerHandlersTest {

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

    @ParameterizedTest(name = "v{0}")
    @ValueSource(shorts = {0, 1, 2, 3, 4, 5, 6})
    void idempotentProducerGetsAFreshProducerIdAtEpochZero(short version) {
        InitProducerIdResponse first = fixture.call(initProducerId(null), version);
        InitProducerIdResponse second = fixture.call(initProducerId(null), version);

        assertThat(first.error()).isEqualTo(Errors.NONE);
        assertThat(first.data().producerEpoch()).isZero();
        assertThat(second.data().producerId()).isNotEqualTo(first.data().producerId());
    }

    @Test
    void transactionalProducerIsToldTheCoordinatorIsNotAvailable() {
        InitProducerIdResponse response = fixture.call(initProducerId("txn-1"), (short) 5);

        assertThat(response.error()).isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(response.data().producerId()).isEqualTo(-1);
    }

    @Test
    void allocatorFailureIsRetriableForTheClient() {
        var handler = new InitProducerIdHandler(() -> {
            throw new IllegalStateException("no producer id block");
        });

        var response = (InitProducerIdResponse) handler.handle(ApiRequests.of(initProducerId(null), (short) 5, 0))
                .join();

        assertThat(response.error()).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
    }

    @Test
    void allocatorApiErrorIsPassedOn() {
        var handler = new InitProducerIdHandler(() -> {
            throw new CoordinatorLoadInProgressException("block pending");
        });

        var response = (InitProducerIdResponse) handler.handle(ApiRequests.of(initProducerId(null), (short) 5, 0))
                .join();

        assertThat(response.error()).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);
    }

    @Test
    void handlerServesEveryStableVersionOfTheJavaClient() {
        var ids = new AtomicLong();
        var handler = new InitProducerIdHandler(ids::incrementAndGet);

        assertThat(handler.apiKey()).isEqualTo(ApiKeys.INIT_PRODUCER_ID);
        assertThat(handler.lowestVersion()).isEqualTo(ApiKeys.INIT_PRODUCER_ID.oldestVersion());
        assertThat(handler.highestVersion()).isEqualTo(ApiKeys.INIT_PRODUCER_ID.latestVersion(false));
    }

    @Test
    void describeProducersListsTheIdempotentProducersOfAPartition() {
        TopicPartition tp = fixture.createTopic("orders");
        Produce.append(fixture, tp, fixture.idempotentBatch(77L, (short) 3, 0, "a", "b"));

        PartitionResponse answer = describe(tp);

        assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.NONE);
        assertThat(answer.activeProducers()).singleElement().satisfies(producer -> {
            assertThat(producer.producerId()).isEqualTo(77L);
            assertThat(producer.producerEpoch()).isEqualTo(3);
            assertThat(producer.lastSequence()).isEqualTo(1);
        });
    }

    @Test
    void describeProducersOfAPartitionNotHostedHereIsNotLeaderOrFollower() {
        fixture.declareTopic("elsewhere", 1);

        PartitionResponse answer = describe(new TopicPartition("elsewhere", 0));

        assertThat(Errors.forCode(answer.errorCode())).isEqualTo(Errors.NOT_LEADER_OR_FOLLOWER);
    }

    private PartitionResponse describe(TopicPartition tp) {
        var builder = new DescribeProducersRequest.Builder(new DescribeProducersRequestData());
        builder.addTopic(tp.topic()).setPartitionIndexes(List.of(tp.partition()));
        DescribeProducersResponse response = fixture.call(builder, (short) 0);
        return response.data().topics().get(0).partitions().get(0);
    }

    private static InitProducerIdRequest.Builder initProducerId(String transactionalId) {
        return new InitProducerIdRequest.Builder(new InitProducerIdRequestData()
                .setTransactionalId(transactionalId)
                .setTransactionTimeoutMs(60_000)
                .setProducerId(-1)
                .setProducerEpoch((short) -1));
    }
}
