package io.runnel.broker.network;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.api.FakeHandler;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PipeliningTest {

    private static final short VERSION = 4;

    /** Gates of requests the handler holds; completing a gate lets that request's response go. */
    private final List<CompletableFuture<Void>> gates = new ArrayList<>();

    private volatile boolean answerImmediately;
    private TestBroker broker;

    @AfterEach
    void stop() {
        answerImmediately = true;
        releaseNewestFirst();
        broker.close();
    }

    /** Answers a heartbeat with the request's correlation id as throttle time, so responses identify requests. */
    private static AbstractResponse answerTo(ApiRequest request) {
        return new HeartbeatResponse(
                new HeartbeatResponseData().setThrottleTimeMs(request.context().correlationId()));
    }

    private CompletableFuture<AbstractResponse> hold(ApiRequest request) {
        if (answerImmediately) {
            return CompletableFuture.completedFuture(answerTo(request));
        }
        CompletableFuture<Void> gate = new CompletableFuture<>();
        synchronized (gates) {
            gates.add(gate);
        }
        return gate.thenApply(ignored -> answerTo(request));
    }

    private void releaseNewestFirst() {
        List<CompletableFuture<Void>> toComplete;
        synchronized (gates) {
            toComplete = new ArrayList<>(gates);
        }
        for (int i = toComplete.size() - 1; i >= 0; i--) {
            toComplete.get(i).complete(null);
        }
    }

    private int held() {
        synchronized (gates) {
            return gates.size();
        }
    }

    private static List<RequestHeader> sendAtOnce(WireClient client, int count) throws IOException {
        List<RequestHeader> headers = new ArrayList<>();
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            RequestHeader header = client.header(ApiKeys.HEARTBEAT, VERSION);
            headers.add(header);
            burst.writeBytes(
                    WireClient.frame(header, new HeartbeatRequest.Builder(new HeartbeatRequestData()).build(VERSION)));
        }
        client.sendRaw(burst.toByteArray());
        return headers;
    }

    @Test
    void answersPipelinedRequestsInRequestOrderWhenHandlersCompleteInReverse() throws Exception {
        int requests = 20;
        broker = new TestBroker(List.of(new FakeHandler(ApiKeys.HEARTBEAT, this::hold)));
        try (WireClient client = broker.connect()) {
            List<RequestHeader> headers = sendAtOnce(client, requests);
            Await.until("all requests reached the handler", () -> held() == requests);

            releaseNewestFirst();

            for (RequestHeader header : headers) {
                HeartbeatResponse response = (HeartbeatResponse) client.receive(header);
                assertThat(response.throttleTimeMs()).isEqualTo(header.correlationId());
            }
        }
    }

    @Test
    void stopsReadingRequestsWhileTooManyAreInFlight() throws Exception {
        int limit = 3;
        broker = new TestBroker(
                List.of(new FakeHandler(ApiKeys.HEARTBEAT, this::hold)),
                config -> config.withMaxInFlightRequestsPerConnection(limit));
        try (WireClient client = broker.connect()) {
            List<RequestHeader> headers = sendAtOnce(client, 10);
            Await.until("the first requests reached the handler", () -> held() == limit);
            Thread.sleep(150);
            assertThat(held()).as("no request beyond the limit is dispatched").isEqualTo(limit);

            answerImmediately = true;
            releaseNewestFirst();

            for (RequestHeader header : headers) {
                HeartbeatResponse response = (HeartbeatResponse) client.receive(header);
                assertThat(response.throttleTimeMs()).isEqualTo(header.correlationId());
            }
        }
    }
}
