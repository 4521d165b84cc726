package io.runnel.broker.network;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
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
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GracefulShutdownTest {

    @Test
    void answersInFlightRequestBeforeClosing() throws Exception {
        CompletableFuture<AbstractResponse> inFlight = new CompletableFuture<>();
        TestBroker broker = new TestBroker(List.of(new FakeHandler(ApiKeys.HEARTBEAT, request -> inFlight)));
        int port = broker.server.boundPort();
        try (WireClient client = broker.connect()) {
            RequestHeader header =
                    client.send(new HeartbeatRequest.Builder(new HeartbeatRequestData()).build((short) 4));
            Await.until("the request is in flight", () -> broker.server.inFlightRequests() == 1);

            Thread closer = new Thread(broker::close, "closer");
            closer.start();
            Await.until("the server stops accepting", () -> refusesConnections(port));
            assertThat(closer.isAlive())
                    .as("shutdown waits for the in-flight request")
                    .isTrue();

            inFlight.complete(new HeartbeatResponse(new HeartbeatResponseData()));

            HeartbeatResponse response = (HeartbeatResponse) client.receive(header);
            assertThat(response.error()).isEqualTo(Errors.NONE);
            closer.join(5_000);
            assertThat(closer.isAlive()).isFalse();
            assertThat(client.closedByServer()).isTrue();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    private static boolean refusesConnections(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
