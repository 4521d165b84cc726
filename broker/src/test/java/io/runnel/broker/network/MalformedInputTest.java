package io.runnel.broker.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.FakeHandler;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a client sends, the server answers or closes that connection, and stays up: each test ends with a
 * fresh connection getting a correct ApiVersions answer.
 */
class MalformedInputTest {

    private static final int MAX_REQUEST_BYTES = 1024;

    private final TestBroker broker = new TestBroker(
            List.of(new FakeHandler(
                    ApiKeys.HEARTBEAT,
                    2,
                    4,
                    r -> CompletableFuture.completedFuture(new HeartbeatResponse(new HeartbeatResponseData())))),
            config -> config.withSocketRequestMaxBytes(MAX_REQUEST_BYTES).withConnectionsMaxIdleMs(300));

    @AfterEach
    void serverStillAnswersNewConnections() throws IOException {
        try (WireClient client = broker.connect()) {
            assertThat(client.apiVersions(ApiKeys.API_VERSIONS.latestVersion())
                            .data()
                            .errorCode())
                    .isEqualTo(Errors.NONE.code());
        } finally {
            broker.close();
        }
    }

    @Test
    void closesConnectionSendingRandomBytes() throws IOException {
        Random random = new Random(20261121L);
        for (int attempt = 0; attempt < 5; attempt++) {
            byte[] garbage = new byte[256];
            random.nextBytes(garbage);
            try (WireClient client = broker.connect()) {
                client.sendRaw(garbage);
                assertThat(client.closedByServer()).isTrue();
            }
        }
    }

    @Test
    void closesConnectionFramingGarbage() throws IOException {
        byte[] garbage = new byte[64];
        new Random(7).nextBytes(garbage);
        try (WireClient client = broker.connect()) {
            client.sendRaw(ByteBuffer.allocate(4 + garbage.length)
                    .putInt(garbage.length)
                    .put(garbage)
                    .array());
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void closesConnectionAnnouncingA2GiBRequest() throws IOException {
        try (WireClient client = broker.connect()) {
            client.sendRaw(
                    ByteBuffer.allocate(8).putInt(Integer.MAX_VALUE).putInt(0).array());
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(broker.server.metrics().invalidFrames()).isEqualTo(1);
    }

    @Test
    void closesConnectionAnnouncingANegativeSize() throws IOException {
        try (WireClient client = broker.connect()) {
            client.sendRaw(ByteBuffer.allocate(8).putInt(-1).putInt(0).array());
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(broker.server.metrics().invalidFrames()).isEqualTo(1);
    }

    @Test
    void closesConnectionSendingAFrameLargerThanSocketRequestMaxBytes() throws IOException {
        int size = MAX_REQUEST_BYTES + 1;
        try (WireClient client = broker.connect()) {
            client.sendRaw(ByteBuffer.allocate(4 + size).putInt(size).array());
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(broker.server.metrics().invalidFrames()).isEqualTo(1);
    }

    @Test
    void dropsATruncatedFrameWhenTheClientDisconnects() throws Exception {
        try (WireClient client = broker.connect()) {
            client.sendRaw(ByteBuffer.allocate(4 + 10).putInt(100).array());
        }
        Await.until("nothing is in flight", () -> broker.server.inFlightRequests() == 0);
        assertThat(broker.server.metrics().requestsReceived()).isZero();
    }

    @Test
    void closesConnectionLeftWithATruncatedFrameOnceIdle() throws IOException {
        try (WireClient client = broker.connect()) {
            client.sendRaw(ByteBuffer.allocate(4 + 10).putInt(100).array());
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(broker.server.metrics().idleConnectionsClosed()).isEqualTo(1);
    }

    @Test
    void closesConnectionSendingAnUnknownApiKey() throws IOException {
        try (WireClient client = broker.connect()) {
            client.sendRaw(rawRequest((short) 9999, (short) 0, new byte[0]));
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void answersAVersionTheHandlerDoesNotServeWithUnsupportedVersion() throws IOException {
        try (WireClient client = broker.connect()) {
            HeartbeatResponse response = client.roundTrip(
                    new HeartbeatRequest.Builder(new HeartbeatRequestData()).build((short) 1), HeartbeatResponse.class);
            assertThat(response.error()).isEqualTo(Errors.UNSUPPORTED_VERSION);

            HeartbeatResponse supported = client.roundTrip(
                    new HeartbeatRequest.Builder(new HeartbeatRequestData()).build((short) 4), HeartbeatResponse.class);
            assertThat(supported.error()).as("the connection stays usable").isEqualTo(Errors.NONE);
        }
    }

    @Test
    void answersAnApiWithoutHandlerWithUnsupportedVersion() throws IOException {
        try (WireClient client = broker.connect()) {
            JoinGroupResponse response = client.roundTrip(
                    new JoinGroupRequest(new JoinGroupRequestData(), (short) 5), JoinGroupResponse.class);
            assertThat(response.error()).isEqualTo(Errors.UNSUPPORTED_VERSION);
        }
    }

    @Test
    void closesConnectionSendingAVersionUnknownToTheProtocol() throws IOException {
        try (WireClient client = broker.connect()) {
            client.sendRaw(rawRequest(ApiKeys.HEARTBEAT.id, (short) 99, new byte[] {0, 0, 0}));
            assertThat(client.closedByServer()).isTrue();
        }
    }

    /** A frame with a v1 request header (not flexible) and the given body bytes. */
    private static byte[] rawRequest(short apiKey, short version, byte[] body) {
        RequestHeaderData header = new RequestHeaderData()
                .setRequestApiKey(apiKey)
                .setRequestApiVersion(version)
                .setCorrelationId(1)
                .setClientId("bad-client");
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int headerSize = header.size(cache, (short) 1);
        ByteBuffer frame = ByteBuffer.allocate(4 + headerSize + body.length);
        frame.putInt(headerSize + body.length);
        header.write(new ByteBufferAccessor(frame), cache, (short) 1);
        return frame.put(body).array();
    }
}
