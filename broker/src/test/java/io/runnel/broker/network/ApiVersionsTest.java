package io.runnel.broker.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.runnel.broker.api.FakeHandler;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class ApiVersionsTest {

    private final TestBroker broker = new TestBroker(List.of(
            new FakeHandler(
                    ApiKeys.METADATA, 4, 12, r -> CompletableFuture.failedFuture(new UnsupportedVersionException("x"))),
            new FakeHandler(
                    ApiKeys.FETCH, 4, 13, r -> CompletableFuture.failedFuture(new UnsupportedVersionException("x")))));

    @AfterEach
    void stop() {
        broker.close();
    }

    static Stream<Short> everyApiVersionsVersion() {
        return IntStream.rangeClosed(ApiKeys.API_VERSIONS.oldestVersion(), ApiKeys.API_VERSIONS.latestVersion())
                .mapToObj(v -> (short) v);
    }

    @ParameterizedTest(name = "ApiVersions v{0}")
    @MethodSource("everyApiVersionsVersion")
    void advertisesExactlyTheRegisteredHandlersVersions(short version) throws IOException {
        try (WireClient client = broker.connect()) {
            ApiVersionsResponse response = client.apiVersions(version);

            assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.NONE);
            assertThat(response.data().apiKeys())
                    .containsExactlyInAnyOrder(
                            apiVersion(ApiKeys.API_VERSIONS, 0, ApiKeys.API_VERSIONS.latestVersion()),
                            apiVersion(ApiKeys.METADATA, 4, 12),
                            apiVersion(ApiKeys.FETCH, 4, 13));
            if (version >= 3) {
                assertThat(response.data().supportedFeatures()).isEmpty();
                assertThat(response.data().finalizedFeatures()).isEmpty();
                assertThat(response.data().finalizedFeaturesEpoch()).isEqualTo(-1L);
            }
        }
    }

    @Test
    void answersTooNewVersionWithV0UnsupportedVersionAndItsOwnRange() throws IOException {
        short tooNew = (short) (ApiKeys.API_VERSIONS.latestVersion() + 1);
        try (WireClient client = broker.connect()) {
            // A future client's request: flexible header (v2), a body we cannot know the layout of.
            RequestHeaderData header = new RequestHeaderData()
                    .setRequestApiKey(ApiKeys.API_VERSIONS.id)
                    .setRequestApiVersion(tooNew)
                    .setCorrelationId(42)
                    .setClientId("future-client");
            ObjectSerializationCache cache = new ObjectSerializationCache();
            int headerSize = header.size(cache, (short) 2);
            ByteBuffer frame = ByteBuffer.allocate(4 + headerSize + 5);
            frame.putInt(headerSize + 5);
            header.write(new ByteBufferAccessor(frame), cache, (short) 2);
            frame.put(new byte[] {1, 2, 3, 4, 0});
            client.sendRaw(frame.array());

            ByteBuffer answer = ByteBuffer.wrap(client.receiveFrame());
            assertThat(ResponseHeader.parse(answer, (short) 0).correlationId()).isEqualTo(42);
            ApiVersionsResponse response = ApiVersionsResponse.parse(new ByteBufferAccessor(answer), (short) 0);
            assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.UNSUPPORTED_VERSION);
            assertThat(response.data().apiKeys())
                    .containsExactly(apiVersion(ApiKeys.API_VERSIONS, 0, ApiKeys.API_VERSIONS.latestVersion()));

            assertThat(client.apiVersions(ApiKeys.API_VERSIONS.latestVersion())
                            .data()
                            .errorCode())
                    .as("the client retries on the same connection with a version both know")
                    .isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void rejectsInvalidClientSoftwareNameWithInvalidRequest() throws IOException {
        try (WireClient client = broker.connect()) {
            ApiVersionsRequestData data = new ApiVersionsRequestData()
                    .setClientSoftwareName("no spaces allowed")
                    .setClientSoftwareVersion("1.0");
            ApiVersionsResponse response =
                    client.roundTrip(new ApiVersionsRequest(data, (short) 3), ApiVersionsResponse.class);

            assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.INVALID_REQUEST);
        }
    }

    private static ApiVersion apiVersion(ApiKeys api, int min, int max) {
        return new ApiVersion().setApiKey(api.id).setMinVersion((short) min).setMaxVersion((short) max);
    }
}
