package io.runnel.broker.api;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsRequest;
import org.apache.kafka.common.requests.ApiVersionsResponse;

/**
 * Answers ApiVersions with exactly the version ranges of the registered handlers, plus its own.
 *
 * <ul>
 *   <li>A request newer than this broker knows is answered, per KIP-511, with a v0 response carrying
 *       UNSUPPORTED_VERSION and the ApiVersions range, so the client retries with a version both know.
 *   <li>A v3+ request with an invalid client software name or version gets INVALID_REQUEST, as in Kafka.
 *   <li>Features: none supported or finalized and the finalized-features epoch unknown (-1), as a Kafka
 *       ZooKeeper-mode broker without feature versioning answered; clients then use their defaults.
 * </ul>
 */
public final class ApiVersionsHandler implements ApiHandler {

    private final ApiVersionCollection advertised;

    /** @param handlers the other registered handlers (an ApiVersions handler among them is ignored) */
    public ApiVersionsHandler(Collection<? extends ApiHandler> handlers) {
        advertised = new ApiVersionCollection();
        advertised.add(versionsOf(this));
        handlers.stream()
                .filter(h -> h.apiKey() != ApiKeys.API_VERSIONS)
                .sorted((a, b) -> Short.compare(a.apiKey().id, b.apiKey().id))
                .forEach(h -> advertised.add(versionsOf(h)));
    }

    private static ApiVersion versionsOf(ApiHandler handler) {
        return new ApiVersion()
                .setApiKey(handler.apiKey().id)
                .setMinVersion(handler.lowestVersion())
                .setMaxVersion(handler.highestVersion());
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        ApiVersionsRequest body = request.bodyAs(ApiVersionsRequest.class);
        ApiVersionsResponseData data;
        if (body.hasUnsupportedRequestVersion()) {
            ApiVersionCollection own = new ApiVersionCollection();
            own.add(versionsOf(this));
            data = new ApiVersionsResponseData()
                    .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                    .setApiKeys(own);
        } else if (!body.isValid()) {
            return CompletableFuture.completedFuture(body.getErrorResponse(
                    0,
                    new InvalidRequestException("Invalid client software name '"
                            + body.data().clientSoftwareName() + "' or version '"
                            + body.data().clientSoftwareVersion() + "'")));
        } else {
            data = new ApiVersionsResponseData()
                    .setErrorCode(Errors.NONE.code())
                    .setApiKeys(advertised.duplicate())
                    .setFinalizedFeaturesEpoch(ApiVersionsResponse.UNKNOWN_FINALIZED_FEATURES_EPOCH);
        }
        return CompletableFuture.completedFuture(new ApiVersionsResponse(data));
    }
}
