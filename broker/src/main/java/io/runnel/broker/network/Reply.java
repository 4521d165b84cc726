package io.runnel.broker.network;

import java.util.Objects;

import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ResponseHeader;

/** What the network layer does with a request once it has been processed. */
public sealed interface Reply {

    /** Sends {@code body} serialized at {@code apiVersion}, after {@code header}. */
    record Send(ResponseHeader header, AbstractResponse body, short apiVersion) implements Reply {
        public Send {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(body, "body");
        }
    }

    /** Sends nothing: the client expects no response (Produce with acks=0). */
    record NoResponse() implements Reply {}

    /**
     * Closes the connection once the responses to earlier requests have been written, as Kafka does when a
     * request cannot be understood (the client then knows the request failed).
     */
    record Close(String reason) implements Reply {}

    Reply NO_RESPONSE = new NoResponse();
}
