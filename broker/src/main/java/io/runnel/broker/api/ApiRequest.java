package io.runnel.broker.api;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestContext;

/**
 * A decoded request as handlers see it: the context (header, API version, client address, listener) and the
 * parsed body.
 *
 * @param receivedTimeMs broker time when the request's last byte arrived, for timeouts and throttling
 */
public record ApiRequest(RequestContext context, AbstractRequest body, long receivedTimeMs) {

    public short apiVersion() {
        return context.apiVersion();
    }

    @SuppressWarnings("unchecked")
    public <T extends AbstractRequest> T bodyAs(Class<T> type) {
        return (T) body;
    }
}
