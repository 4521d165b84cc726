package io.runnel.broker.api.admin;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.controller.ConfigCommands;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.AlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.AlterConfigsResponseData;
import org.apache.kafka.common.message.AlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.ApiError;

/** AlterConfigs, versions 0 to 2 (deprecated by Kafka, still used by tools): replaces a resource's overrides. */
public final class AlterConfigsHandler implements ApiHandler {

    private final ConfigCommands configs;

    public AlterConfigsHandler(ConfigCommands configs) {
        this.configs = configs;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.ALTER_CONFIGS;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        AlterConfigsRequest body = request.bodyAs(AlterConfigsRequest.class);
        AlterConfigsResponseData data = new AlterConfigsResponseData().setThrottleTimeMs(0);
        for (AlterConfigsResource resource : body.data().resources()) {
            ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
            ApiError error;
            if (type != ConfigResource.Type.TOPIC && type != ConfigResource.Type.BROKER) {
                error = new ApiError(Errors.INVALID_REQUEST, "Unsupported resource type " + type);
            } else {
                Map<String, String> values = new HashMap<>();
                for (AlterableConfig config : resource.configs()) {
                    values.put(config.name(), config.value());
                }
                error = configs.replaceConfigs(
                        new ConfigResource(type, resource.resourceName()),
                        values,
                        body.data().validateOnly());
            }
            data.responses()
                    .add(new AlterConfigsResourceResponse()
                            .setResourceType(resource.resourceType())
                            .setResourceName(resource.resourceName())
                            .setErrorCode(error.error().code())
                            .setErrorMessage(error.isFailure() ? error.messageWithFallback() : null));
        }
        return CompletableFuture.completedFuture(new AlterConfigsResponse(data));
    }
}
