package io.runnel.broker.api;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;

import io.runnel.broker.network.ClientConnection;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every (API, version) pair kafka-clients defines goes through the broker's request decoding: a default request
 * serialized as a client does, header included, decodes to the same header and body (the same bytes).
 */
class RequestDecoderRoundTripTest {

    private final RequestDecoder decoder = new RequestDecoder();
    private final ClientConnection connection =
            new ClientConnection("test-connection", "PLAINTEXT", InetAddress.getLoopbackAddress(), 50000);

    static Stream<Arguments> everyApiVersion() {
        return Arrays.stream(ApiKeys.values())
                .filter(ApiKeys::hasValidVersion)
                .flatMap(api -> api.allVersions().stream().map(version -> Arguments.of(api, version)));
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyApiVersion")
    void decodesDefaultRequestAsSerializedByAClient(ApiKeys api, short version) {
        ApiMessage body = defaultRequest(api);
        RequestHeader header = new RequestHeader(api, version, "client-1", 4711);
        ByteBuffer frame = serialize(header, body, version);

        ApiRequest decoded = decoder.decode(connection, frame, 123L);

        assertThat(decoded.context().header).isEqualTo(header);
        assertThat(decoded.apiVersion()).isEqualTo(version);
        assertThat(decoded.body().apiKey()).isEqualTo(api);
        assertThat(decoded.body().version()).isEqualTo(version);
        assertThat(decoded.receivedTimeMs()).isEqualTo(123L);
        assertThat(frame.hasRemaining()).as("whole frame consumed").isFalse();
        // Fields a version lacks take version-specific defaults on parsing, so compare what goes on the wire.
        assertThat(MessageUtil.toByteBufferAccessor(decoded.body().data(), version)
                        .buffer())
                .isEqualTo(MessageUtil.toByteBufferAccessor(body, version).buffer());
    }

    /** The API's empty request, with enum-like fields whose zero default kafka-clients rejects made valid. */
    private static ApiMessage defaultRequest(ApiKeys api) {
        ApiMessage body = api.messageType.newRequest();
        if (body instanceof DescribeAclsRequestData acls) {
            acls.setResourceTypeFilter(ResourceType.ANY.code())
                    .setPatternTypeFilter(PatternType.ANY.code())
                    .setOperation(AclOperation.ANY.code())
                    .setPermissionType(AclPermissionType.ANY.code());
        }
        return body;
    }

    /** What the client's NetworkClient sends, minus the size prefix the network layer strips. */
    private static ByteBuffer serialize(RequestHeader header, ApiMessage body, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        RequestHeaderData headerData = header.data();
        int size = headerData.size(cache, header.headerVersion()) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        headerData.write(accessor, cache, header.headerVersion());
        body.write(accessor, cache, version);
        return buffer.flip();
    }
}
