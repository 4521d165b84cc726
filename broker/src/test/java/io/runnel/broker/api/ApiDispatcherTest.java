package io.runnel.broker.api;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.runnel.broker.network.ClientConnection;
import io.runnel.broker.network.Reply;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiDispatcherTest {

    private static final short HEARTBEAT_VERSION = 4;

    private final ClientConnection connection =
            new ClientConnection("c-1", "PLAINTEXT", InetAddress.getLoopbackAddress(), 40000);
    private ApiDispatcher dispatcher;

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private FakeHandler heartbeat(Function<ApiRequest, CompletableFuture<AbstractResponse>> behaviour) {
        FakeHandler handler = new FakeHandler(ApiKeys.HEARTBEAT, behaviour);
        dispatcher = new ApiDispatcher(List.of(handler), 2);
        return handler;
    }

    private static ByteBuffer frame(AbstractRequest request, int correlationId) {
        return request.serializeWithHeader(
                new RequestHeader(request.apiKey(), request.version(), "client", correlationId));
    }

    private static HeartbeatRequest heartbeatRequest() {
        return new HeartbeatRequest.Builder(new HeartbeatRequestData()).build(HEARTBEAT_VERSION);
    }

    private Reply process(ByteBuffer frame) throws Exception {
        return dispatcher.process(connection, frame, 0L).get(5, TimeUnit.SECONDS);
    }

    private static CompletableFuture<AbstractResponse> heartbeatResponse() {
        return CompletableFuture.completedFuture(new HeartbeatResponse(new HeartbeatResponseData()));
    }

    @Test
    void handsAConnectionsRequestsToHandlersOneAtATimeInArrivalOrder() throws Exception {
        // given a handler whose first call does not return until released, on a pool with threads to spare
        var firstMayReturn = new CountDownLatch(1);
        var secondEntered = new CountDownLatch(1);
        List<Integer> entered = new CopyOnWriteArrayList<>();
        heartbeat(r -> {
            entered.add(r.context().header.correlationId());
            if (r.context().header.correlationId() == 1) {
                await(firstMayReturn);
            } else {
                secondEntered.countDown();
            }
            return heartbeatResponse();
        });

        // when two requests arrive on one connection
        var first = dispatcher.process(connection, frame(heartbeatRequest(), 1), 0L);
        var second = dispatcher.process(connection, frame(heartbeatRequest(), 2), 0L);

        // then the second reaches the handler only after the first was handled (as a pipelined producer's batches
        // must be appended in the order sent)
        assertThat(secondEntered.await(200, TimeUnit.MILLISECONDS)).isFalse();
        firstMayReturn.countDown();
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);
        assertThat(entered).containsExactly(1, 2);
    }

    @Test
    void handlesDifferentConnectionsRequestsInParallel() throws Exception {
        // given a handler whose call for one connection returns only once the other connection's call has begun
        var otherConnection = new ClientConnection("c-2", "PLAINTEXT", InetAddress.getLoopbackAddress(), 40001);
        var otherEntered = new CountDownLatch(1);
        heartbeat(r -> {
            if (r.context().header.correlationId() == 1) {
                await(otherEntered);
            } else {
                otherEntered.countDown();
            }
            return heartbeatResponse();
        });

        // when
        var first = dispatcher.process(connection, frame(heartbeatRequest(), 1), 0L);
        var other = dispatcher.process(otherConnection, frame(heartbeatRequest(), 2), 0L);

        // then both complete: the first connection's blocked request did not hold up the other's
        assertThat(first.get(5, TimeUnit.SECONDS)).isInstanceOf(Reply.Send.class);
        assertThat(other.get(5, TimeUnit.SECONDS)).isInstanceOf(Reply.Send.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void runsHandlersOnRequestHandlerThreads() throws Exception {
        FakeHandler handler =
                heartbeat(r -> CompletableFuture.completedFuture(new HeartbeatResponse(new HeartbeatResponseData())));

        process(frame(heartbeatRequest(), 1));

        assertThat(handler.threads()).singleElement().asString().startsWith("runnel-request-handler-");
    }

    @Test
    void sendsTheHandlersResponseAtTheRequestVersionWithItsCorrelationId() throws Exception {
        heartbeat(r -> CompletableFuture.completedFuture(new HeartbeatResponse(new HeartbeatResponseData())));

        Reply reply = process(frame(heartbeatRequest(), 77));

        assertThat(reply).isInstanceOfSatisfying(Reply.Send.class, send -> {
            assertThat(send.header().correlationId()).isEqualTo(77);
            assertThat(send.apiVersion()).isEqualTo(HEARTBEAT_VERSION);
            assertThat(send.body()).isInstanceOf(HeartbeatResponse.class);
        });
    }

    @Test
    void answersAFailedFutureWithTheRequestsErrorResponse() throws Exception {
        heartbeat(r -> CompletableFuture.failedFuture(new CoordinatorNotAvailableException("moving")));

        Reply reply = process(frame(heartbeatRequest(), 1));

        assertThat(((HeartbeatResponse) ((Reply.Send) reply).body()).error())
                .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
    }

    @Test
    void answersAHandlerThrowingWithTheRequestsErrorResponse() throws Exception {
        heartbeat(r -> {
            throw new IllegalStateException("bug");
        });

        Reply reply = process(frame(heartbeatRequest(), 1));

        assertThat(((HeartbeatResponse) ((Reply.Send) reply).body()).error()).isEqualTo(Errors.UNKNOWN_SERVER_ERROR);
    }

    @Test
    void sendsNothingWhenTheHandlerAnswersNull() throws Exception {
        dispatcher = new ApiDispatcher(
                List.of(new FakeHandler(ApiKeys.PRODUCE, r -> CompletableFuture.completedFuture(null))), 1);

        Reply reply = process(frame(acksZeroProduce(), 1));

        assertThat(reply).isInstanceOf(Reply.NoResponse.class);
    }

    @Test
    void closesTheConnectionWhenAnAcksZeroProduceFails() throws Exception {
        dispatcher = new ApiDispatcher(
                List.of(new FakeHandler(
                        ApiKeys.PRODUCE,
                        r -> CompletableFuture.failedFuture(new NotLeaderOrFollowerException("moved")))),
                1);

        Reply reply = process(frame(acksZeroProduce(), 1));

        assertThat(reply).isInstanceOf(Reply.Close.class);
    }

    private static ProduceRequest acksZeroProduce() {
        return new ProduceRequest(new ProduceRequestData().setAcks((short) 0), (short) 9);
    }

    @Test
    void closesTheConnectionOnAnUnknownApiKey() throws Exception {
        heartbeat(r -> CompletableFuture.failedFuture(new AssertionError("not called")));
        ByteBuffer frame = ByteBuffer.allocate(10)
                .putShort((short) 31000)
                .putShort((short) 0)
                .putInt(1)
                .putShort((short) -1);

        assertThat(process(frame.flip())).isInstanceOf(Reply.Close.class);
    }

    @Test
    void closesTheConnectionOnATruncatedBody() throws Exception {
        FakeHandler handler = heartbeat(r -> CompletableFuture.failedFuture(new AssertionError("not called")));
        HeartbeatRequest request =
                new HeartbeatRequest.Builder(new HeartbeatRequestData().setGroupId("group")).build(HEARTBEAT_VERSION);
        ByteBuffer frame = frame(request, 1);

        Reply reply = process(frame.limit(frame.limit() - 3));

        assertThat(reply).isInstanceOf(Reply.Close.class);
        assertThat(handler.received()).isEmpty();
    }

    @Test
    void answersAVersionOutsideTheHandlersRangeWithUnsupportedVersion() throws Exception {
        FakeHandler handler = new FakeHandler(
                ApiKeys.HEARTBEAT, 3, 4, r -> CompletableFuture.failedFuture(new AssertionError("not called")));
        dispatcher = new ApiDispatcher(List.of(handler), 1);

        Reply reply = process(frame(new HeartbeatRequest.Builder(new HeartbeatRequestData()).build((short) 2), 1));

        assertThat(((HeartbeatResponse) ((Reply.Send) reply).body()).error()).isEqualTo(Errors.UNSUPPORTED_VERSION);
        assertThat(handler.received()).isEmpty();
    }

    @Test
    void learnsTheClientSoftwareFromApiVersions() throws Exception {
        dispatcher = new ApiDispatcher(List.of(), 1);
        ApiVersionsRequestData data = new ApiVersionsRequestData()
                .setClientSoftwareName("apache-kafka-java")
                .setClientSoftwareVersion("4.4.0");

        process(frame(new ApiVersionsRequest(data, (short) 3), 1));

        assertThat(connection.clientInformation()).isEqualTo(new ClientInformation("apache-kafka-java", "4.4.0"));
    }

    @Test
    void rejectsTwoHandlersForOneApi() {
        FakeHandler one = new FakeHandler(ApiKeys.HEARTBEAT, r -> null);
        FakeHandler two = new FakeHandler(ApiKeys.HEARTBEAT, r -> null);

        assertThatThrownBy(() -> new ApiDispatcher(List.of(one, two), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HEARTBEAT");
    }

    @Test
    void rejectsAHandlerDeclaringVersionsKafkaClientsDoesNotKnow() {
        FakeHandler handler = new FakeHandler(ApiKeys.HEARTBEAT, 0, 99, r -> null);

        assertThatThrownBy(() -> new ApiDispatcher(List.of(handler), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..99");
    }

    @Test
    void rejectsRegisteringApiVersionsWhichIsBuiltIn() {
        FakeHandler handler = new FakeHandler(ApiKeys.API_VERSIONS, r -> null);

        assertThatThrownBy(() -> new ApiDispatcher(List.of(handler), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("built in");
    }
}
