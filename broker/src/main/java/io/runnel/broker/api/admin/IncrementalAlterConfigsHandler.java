package io.runnel.broker.api.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.controller.ConfigCommands;
import io.runnel.broker.controller.ConfigOperation;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;

/** IncrementalAlterConfigs, versions 0 and 1: SET, DELETE, APPEND, SUBTRACT on topic and broker configs. */
public final class IncrementalAlterConfigsHandler implements ApiHandler {

    private final ConfigCommands configs;

    public IncrementalAlterConfigsHandler(ConfigCommands configs) {
        this.configs = configs;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INCREMENTAL_ALTER_CONFIGS;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        IncrementalAlterConfigsRequest body = request.bodyAs(IncrementalAlterConfigsRequest.class);
        IncrementalAlterConfigsResponseData data = new IncrementalAlterConfigsResponseData().setThrottleTimeMs(0);
        for (AlterConfigsResource resource : body.data().resources()) {
            data.responses().add(respond(resource, alter(resource, body.data().validateOnly())));
        }
        return CompletableFuture.completedFuture(new IncrementalAlterConfigsResponse(data));
    }

    private ApiError alter(AlterConfigsResource resource, boolean validateOnly) {
        ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
        if (type != ConfigResource.Type.TOPIC && type != ConfigResource.Type.BROKER) {
            return new ApiError(Errors.INVALID_REQUEST, "Unsupported resource type " + type);
        }
        List<ConfigOperation> operations = new ArrayList<>();
        for (AlterableConfig config : resource.configs()) {
            AlterConfigOp.OpType op = AlterConfigOp.OpType.forId(config.configOperation());
            if (op == null) {
                return new ApiError(Errors.INVALID_REQUEST, "Unknown config operation " + config.configOperation());
            }
            operations.add(new ConfigOperation(config.name(), op, config.value()));
        }
        return configs.alterConfigs(new ConfigResource(type, resource.resourceName()), operations, validateOnly);
    }

    private static AlterConfigsResourceResponse respond(AlterConfigsResource resource, ApiError error) {
        return new AlterConfigsResourceResponse()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName())
                .setErrorCode(error.error().code())
                .setErrorMessage(error.isFailure() ? error.messageWithFallback() : null);
    }
}
