package io.runnel.broker.api.admin;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.config.DynamicBrokerConfig;
import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.ConfigEntity;
import io.runnel.broker.metadata.MetadataView;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsSynonym;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;

/**
 * DescribeConfigs, versions 1 to 4, for topics and brokers, from the metadata view (no ZooKeeper reads):
 * values with their source, synonyms when asked (v1+), type and documentation when asked (v3+). A broker
 * resource with an empty name describes the cluster-wide dynamic defaults; another broker's id is
 * INVALID_REQUEST, as in Kafka, since every broker answers for itself.
 */
public final class DescribeConfigsHandler implements ApiHandler {

    private final MetadataView view;
    private final ConfigDescriber describer;

    public DescribeConfigsHandler(MetadataView view, DynamicBrokerConfig brokerConfig) {
        this.view = view;
        this.describer = new ConfigDescriber(brokerConfig);
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CONFIGS;
    }

    @Override
    public CompletableFuture<AbstractResponse> handle(ApiRequest request) {
        DescribeConfigsRequest body = request.bodyAs(DescribeConfigsRequest.class);
        boolean synonyms = body.data().includeSynonyms();
        boolean documentation = body.data().includeDocumentation();
        ClusterMetadata metadata = view.current();
        DescribeConfigsResponseData data = new DescribeConfigsResponseData().setThrottleTimeMs(0);
        for (DescribeConfigsResource resource : body.data().resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult()
                    .setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName())
                    .setErrorCode(Errors.NONE.code());
            ConfigResource.Type type = ConfigResource.Type.forId(resource.resourceType());
            List<ConfigDescriber.Entry> entries;
            if (type == ConfigResource.Type.TOPIC) {
                if (!metadata.topics().containsKey(resource.resourceName())) {
                    data.results()
                            .add(result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                                    .setErrorMessage("Topic " + resource.resourceName() + " does not exist."));
                    continue;
                }
                entries = describer.describeTopic(
                        metadata.topicConfig(resource.resourceName()), resource.configurationKeys());
            } else if (type == ConfigResource.Type.BROKER) {
                String entity = brokerEntity(resource.resourceName());
                if (entity == null) {
                    data.results()
                            .add(result.setErrorCode(Errors.INVALID_REQUEST.code())
                                    .setErrorMessage("Unexpected broker id, expected " + view.localBrokerId()
                                            + " or empty string, but received " + resource.resourceName()));
                    continue;
                }
                entries = describer.describeBroker(entity, resource.configurationKeys());
            } else {
                data.results()
                        .add(result.setErrorCode(Errors.INVALID_REQUEST.code())
                                .setErrorMessage("Unsupported resource type " + type));
                continue;
            }
            for (ConfigDescriber.Entry entry : entries) {
                DescribeConfigsResourceResult config = new DescribeConfigsResourceResult()
                        .setName(entry.name())
                        .setValue(entry.value())
                        .setReadOnly(entry.readOnly())
                        .setConfigSource(entry.source().id())
                        .setIsSensitive(false)
                        .setConfigType(entry.type().id())
                        .setDocumentation(documentation ? entry.documentation() : null);
                if (synonyms) {
                    entry.synonyms().forEach(s -> config.synonyms()
                            .add(new DescribeConfigsSynonym()
                                    .setName(s.name())
                                    .setValue(s.value())
                                    .setSource(s.source().id())));
                }
                result.configs().add(config);
            }
            data.results().add(result);
        }
        return CompletableFuture.completedFuture(new DescribeConfigsResponse(data));
    }

    /** The config entity a broker resource name denotes, or null when it is another broker. */
    private String brokerEntity(String name) {
        if (name == null || name.isEmpty()) {
            return ConfigEntity.DEFAULT_BROKER;
        }
        return name.equals(Integer.toString(view.localBrokerId())) ? name : null;
    }
}
