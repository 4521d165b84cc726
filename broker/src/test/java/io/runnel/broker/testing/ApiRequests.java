package io.runnel.broker.testing;

import java.net.InetAddress;

import io.runnel.broker.api.ApiRequest;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Requests as the network layer hands them to handlers: built by kafka-clients' builders at a version, written
 * in that version's wire format and parsed back, so fields a version does not carry are lost as on the wire.
 */
public final class ApiRequests {

    private ApiRequests() {}

    public static ApiRequest of(AbstractRequest.Builder<?> builder, short version, long receivedTimeMs) {
        AbstractRequest built = builder.build(version);
        ByteBufferAccessor wire = built.serialize();
        wire.buffer().rewind();
        AbstractRequest parsed = AbstractRequest.parseRequest(built.apiKey(), version, wire).request;
        var header = new RequestHeader(built.apiKey(), version, "test-client", 1);
        var context = new RequestContext(
                header,
                "test-connection",
                InetAddress.getLoopbackAddress(),
                KafkaPrincipal.ANONYMOUS,
                ListenerName.forSecurityProtocol(SecurityProtocol.PLAINTEXT),
                SecurityProtocol.PLAINTEXT,
                ClientInformation.EMPTY,
                false);
        return new ApiRequest(context, parsed, receivedTimeMs);
    }
}
