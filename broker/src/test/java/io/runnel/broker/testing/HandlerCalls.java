package io.runnel.broker.testing;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Calls a handler the way the network layer will: the request goes through the wire format of the chosen
 * version (so fields that version lacks are really absent), and so does the response (so a field the version
 * cannot carry fails the test, as it would fail on the wire).
 */
public final class HandlerCalls {

    private HandlerCalls() {}

    public static Stream<Short> versions(ApiHandler handler) {
        return IntStream.rangeClosed(handler.lowestVersion(), handler.highestVersion())
                .mapToObj(v -> (short) v);
    }

    public static <T extends AbstractResponse> T call(
            ApiHandler handler, AbstractRequest.Builder<?> builder, short version) {
        AbstractRequest built = builder.build(version);
        return send(
                handler,
                built.apiKey(),
                AbstractRequest.parseRequest(built.apiKey(), version, built.serialize()).request,
                version);
    }

    /**
     * Sends raw request data, for versions the kafka-clients builders refuse to build (Metadata v0) but older
     * clients still send.
     */
    public static <T extends AbstractResponse> T callWithData(ApiHandler handler, ApiMessage data, short version) {
        ApiKeys api = ApiKeys.forId(data.apiKey());
        AbstractRequest parsed =
                AbstractRequest.parseRequest(api, version, MessageUtil.toByteBufferAccessor(data, version)).request;
        return send(handler, api, parsed, version);
    }

    @SuppressWarnings("unchecked")
    private static <T extends AbstractResponse> T send(
            ApiHandler handler, ApiKeys api, AbstractRequest parsed, short version) {
        RequestHeader header = new RequestHeader(api, version, "handler-test", 1);
        RequestContext context = new RequestContext(
                header,
                "connection-1",
                InetAddress.getLoopbackAddress(),
                KafkaPrincipal.ANONYMOUS,
                ListenerName.forSecurityProtocol(SecurityProtocol.PLAINTEXT),
                SecurityProtocol.PLAINTEXT,
                ClientInformation.EMPTY,
                false);
        try {
            AbstractResponse response =
                    handler.handle(new ApiRequest(context, parsed, 0)).get(20, TimeUnit.SECONDS);
            ApiMessage data = (ApiMessage) response.getClass().getMethod("data").invoke(response);
            return (T) AbstractResponse.parseResponse(api, MessageUtil.toByteBufferAccessor(data, version), version);
        } catch (Exception e) {
            throw new AssertionError(api + " v" + version + " failed", e);
        }
    }
}
