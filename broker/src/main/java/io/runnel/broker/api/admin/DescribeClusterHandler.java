package io.runnel.broker.api.admin;

import java.util.Comparator;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.config.Endpoint;
import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.LiveBroker;
import io.runnel.broker.metadata.MetadataView;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;

/**
 * DescribeCluster, versions 0 to 2: cluster id, controller and live brokers. Runnel has no separate controller
 * quorum, so asking for controller endpoints (v1 endpoint type 2) is UNSUPPORTED_ENDPOINT_TYPE, as a Kafka
 * broker answers.
 */
public final class DescribeClusterHandler implements ApiHandler {

    private static final byte BROKERS = 1;
    private static final int AUTHORIZED_OPERATIONS_OMITTED = Integer.MIN_VALUE;

    private final MetadataView view;

    public DescribeClusterHandler(MetadataView view) {
        this.view = view;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        DescribeClusterRequest body = request.bodyAs(DescribeClusterRequest.class);
        DescribeClusterResponseData data = new DescribeClusterResponseData()
                .setThrottleTimeMs(0)
                .setEndpointType(body.data().endpointType())
                .setClusterAuthorizedOperations(AUTHORIZED_OPERATIONS_OMITTED);
        if (body.data().endpointType() != BROKERS) {
            data.setErrorCode(Errors.UNSUPPORTED_ENDPOINT_TYPE.code())
                    .setErrorMessage("Runnel brokers only describe broker endpoints.");
            return CompletableFuture.completedFuture(new DescribeClusterResponse(data));
        }
        ClusterMetadata metadata = view.current();
        String listener = request.context().listenerName.value();
        data.setErrorCode(Errors.NONE.code())
                .setClusterId(metadata.clusterId())
                .setControllerId(metadata.controllerId());
        metadata.brokers().values().stream()
                .sorted(Comparator.comparingInt(LiveBroker::id))
                .forEach(broker -> {
                    Endpoint endpoint = broker.endpoint(listener);
                    data.brokers()
                            .add(new DescribeClusterBroker()
                                    .setBrokerId(broker.id())
                                    .setHost(endpoint.host())
                                    .setPort(endpoint.port())
                                    .setRack(broker.rack().orElse(null))
                                    .setIsFenced(false));
                });
        return CompletableFuture.completedFuture(new DescribeClusterResponse(data));
    }
}
