package io.runnel.broker.network;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.FakeHandler;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionLimitsTest {

    private TestBroker broker;

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void closesConnectionsBeyondMaxConnections() throws Exception {
        broker = new TestBroker(List.of(), config -> config.withMaxConnections(2));
        try (WireClient first = broker.connect();
                WireClient second = broker.connect()) {
            assertThat(first.apiVersions((short) 3).data().errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(second.apiVersions((short) 3).data().errorCode()).isEqualTo(Errors.NONE.code());

            try (WireClient third = broker.connect()) {
                assertThat(third.closedByServer()).isTrue();
            }
            assertThat(broker.server.metrics().connectionsRejected()).isEqualTo(1);
        }
        Await.until("closed connections are no longer counted", () -> {
            try (WireClient again = broker.connect()) {
                return again.apiVersions((short) 3).data().errorCode() == Errors.NONE.code();
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void closesIdleConnection() throws IOException {
        broker = new TestBroker(List.of(), config -> config.withConnectionsMaxIdleMs(100));
        try (WireClient client = broker.connect()) {
            long start = System.nanoTime();
            assertThat(client.closedByServer()).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(90);
        }
        assertThat(broker.server.metrics().idleConnectionsClosed()).isEqualTo(1);
    }

    @Test
    void keepsAConnectionWaitingForAResponseOpenBeyondTheIdleTimeout() throws IOException {
        broker = new TestBroker(
                List.of(new FakeHandler(
                        ApiKeys.HEARTBEAT,
                        request -> CompletableFuture.supplyAsync(
                                () -> (AbstractResponse) new HeartbeatResponse(new HeartbeatResponseData()),
                                CompletableFuture.delayedExecutor(300, java.util.concurrent.TimeUnit.MILLISECONDS)))),
                config -> config.withConnectionsMaxIdleMs(100));
        try (WireClient client = broker.connect()) {
            HeartbeatResponse response = client.roundTrip(
                    new HeartbeatRequest.Builder(new HeartbeatRequestData()).build((short) 4), HeartbeatResponse.class);
            assertThat(response.error()).isEqualTo(Errors.NONE);
        }
    }
}
