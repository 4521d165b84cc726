package io.runnel.broker.api;

import java.nio.ByteBuffer;
import java.util.Optional;

import io.runnel.broker.network.ClientConnection;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.requests.RequestAndSize;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Decodes a request frame with kafka-clients: the request header (v0–v2, flexible versions and tagged fields
 * included), then the body at the header's API version. An ApiVersions request newer than kafka-clients knows
 * decodes as an empty v0 request flagged as unsupported, so it can be answered per KIP-511.
 */
public final class RequestDecoder {

    /** @throws InvalidRequestException for an unknown API key or an undecodable header */
    public RequestHeader decodeHeader(ByteBuffer frame) {
        return RequestHeader.parse(frame);
    }

    public RequestContext context(RequestHeader header, ClientConnection connection) {
        return new RequestContext(
                header,
                connection.connectionId(),
                connection.clientAddress(),
                Optional.of(connection.clientPort()),
                KafkaPrincipal.ANONYMOUS,
                ListenerName.normalised(connection.listenerName()),
                SecurityProtocol.PLAINTEXT,
                connection.clientInformation(),
                false);
    }

    /**
     * Decodes the body that follows the header in {@code frame} (positioned after the header).
     *
     * @throws InvalidRequestException for a version kafka-clients cannot parse or a malformed body
     */
    public ApiRequest decodeBody(RequestContext context, ByteBuffer frame, long receivedTimeMs) {
        RequestAndSize body = context.parseRequest(frame);
        return new ApiRequest(context, body.request, receivedTimeMs);
    }

    /** Header and body in one go. */
    public ApiRequest decode(ClientConnection connection, ByteBuffer frame, long receivedTimeMs) {
        RequestHeader header = decodeHeader(frame);
        return decodeBody(context(header, connection), frame, receivedTimeMs);
    }
}
