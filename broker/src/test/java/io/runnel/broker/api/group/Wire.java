package io.runnel.broker.api.group;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Sends a request built by kafka-clients' builder through a handler the way the network would: serialized and
 * parsed at the version, and the response serialized and parsed back at that version (so fields a version cannot
 * carry fail the test, as they would fail a real client).
 */
final class Wire {

    private Wire() {}

    @SuppressWarnings("unchecked")
    static <R extends AbstractResponse> R call(ApiHandler handler, AbstractRequest.Builder<?> builder, short version) {
        AbstractRequest built = builder.build(version);
        AbstractRequest parsed = AbstractRequest.parseRequest(
                        built.apiKey(), version, readable(MessageUtil.toByteBufferAccessor(built.data(), version)))
                .request;
        RequestContext context = new RequestContext(
                new RequestHeader(built.apiKey(), version, "client", 1),
                "conn",
                InetAddress.getLoopbackAddress(),
                KafkaPrincipal.ANONYMOUS,
                ListenerName.normalised("PLAINTEXT"),
                SecurityProtocol.PLAINTEXT,
                ClientInformation.EMPTY,
                false);
        AbstractResponse response =
                handler.handle(new ApiRequest(context, parsed, 0)).join();
        return (R) AbstractResponse.parseResponse(
                built.apiKey(), readable(MessageUtil.toByteBufferAccessor(response.data(), version)), version);
    }

    private static ByteBufferAccessor readable(ByteBufferAccessor written) {
        ByteBuffer b = written.buffer();
        if (b.position() > 0) {
            b.flip();
        }
        return new ByteBufferAccessor(b);
    }
}
