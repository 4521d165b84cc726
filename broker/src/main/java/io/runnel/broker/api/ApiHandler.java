package io.runnel.broker.api;

import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.AbstractResponse;

/**
 * Serves one Kafka API. The network layer decodes a request, hands it to the handler registered for its API key
 * on a request-handler thread (never a network event loop, so a handler may block on disk or ZooKeeper), and
 * writes the response once the future completes. Handlers know nothing of sockets or framing; the versions they
 * declare are exactly what ApiVersions advertises.
 */
public interface ApiHandler {

    ApiKeys apiKey();

    /** Lowest version this broker serves (not below the API's oldest version in kafka-clients). */
    default short lowestVersion() {
        return apiKey().oldestVersion();
    }

    /** Highest version this broker serves: the newest stable one, as Kafka brokers advertise by default. */
    default short highestVersion() {
        return apiKey().latestVersion(false);
    }

    /**
     * Answers the request. A failure of the future is answered with the request's error response
     * ({@code request.body().getErrorResponse(e)}), so a handler only builds successful and per-partition
     * error responses itself. Return {@code null} from the future for a request that gets no response (Produce
     * with acks=0).
     */
    CompletableFuture<AbstractResponse> handle(ApiRequest request);
}
