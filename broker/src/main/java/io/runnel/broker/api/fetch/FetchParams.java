package io.runnel.broker.api.fetch;

import io.runnel.storage.FetchIsolation;

/**
 * The request-level settings of one Fetch.
 *
 * @param replicaId the fetching follower's broker id, or negative for a consumer
 * @param maxWaitMs how long to wait for {@code minBytes}
 * @param minBytes how many bytes make the response worth sending before {@code maxWaitMs}
 * @param maxBytes the response's record bytes limit (the first batch is returned even if larger)
 * @param isolation how far reads may go: the log end for followers, else by isolation level
 */
record FetchParams(int replicaId, int maxWaitMs, int minBytes, int maxBytes, FetchIsolation isolation) {

    boolean fromFollower() {
        return replicaId >= 0;
    }
}
