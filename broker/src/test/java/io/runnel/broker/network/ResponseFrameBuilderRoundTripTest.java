package io.runnel.broker.network;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;

import io.netty.buffer.ByteBuf;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every (API, version) pair kafka-clients defines goes through the broker's response encoding: a default
 * response serialized into a frame is byte for byte what kafka-clients' own serializer produces, and parses as a client parses it.
 */
class ResponseFrameBuilderRoundTripTest {

    static Stream<Arguments> everyApiVersion() {
        return Arrays.stream(ApiKeys.values())
                .filter(ApiKeys::hasValidVersion)
                .flatMap(api -> api.allVersions().stream().map(version -> Arguments.of(api, version)));
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("everyApiVersion")
    void encodesDefaultResponseAsAClientParsesIt(ApiKeys api, short version) {
        ApiMessage data = api.messageType.newResponse();
        AbstractResponse response = AbstractResponse.parseResponse(
                api,
                new ByteBufferAccessor(
                        MessageUtil.toByteBufferAccessor(data, version).buffer()),
                version);
        RequestHeader requestHeader = new RequestHeader(api, version, "client-1", 4711);

        ResponseHeader responseHeader = requestHeader.toResponseHeader();

        ResponseFrame frame = ResponseFrameBuilder.build(responseHeader, response, version, new NetworkMetrics());
        ByteBuffer wire = concatenate(frame);

        assertThat(wire.getInt()).isEqualTo(wire.remaining());
        assertThat(wire.duplicate()).isEqualTo(referenceEncoding(responseHeader, response.data(), version));
        AbstractResponse parsed = AbstractResponse.parseResponse(wire, requestHeader);
        assertThat(parsed.apiKey()).isEqualTo(api);
        assertThat(wire.hasRemaining()).as("whole frame consumed").isFalse();
    }

    /** kafka-clients' own serialization of header and body, through its heap ByteBuffer writer. */
    private static ByteBuffer referenceEncoding(ResponseHeader header, ApiMessage body, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.data().size(cache, header.headerVersion()) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        header.data().write(accessor, cache, header.headerVersion());
        body.write(accessor, cache, version);
        return buffer.flip();
    }

    private static ByteBuffer concatenate(ResponseFrame frame) {
        ByteBuffer wire = ByteBuffer.allocate(Math.toIntExact(frame.sizeInBytes()));
        for (Object part : frame.parts()) {
            ByteBuf buf = (ByteBuf) part;
            wire.put(buf.nioBuffer());
        }
        frame.release();
        return wire.flip();
    }
}
