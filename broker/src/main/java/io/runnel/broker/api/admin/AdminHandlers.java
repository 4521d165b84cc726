package io.runnel.broker.api.admin;

import java.util.List;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.config.DynamicBrokerConfig;
import io.runnel.broker.controller.ConfigCommands;
import io.runnel.broker.controller.TopicCommands;
import io.runnel.broker.metadata.MetadataView;

/** The metadata and admin API handlers, ready to register with the network layer. */
public final class AdminHandlers {

    private AdminHandlers() {}

    public static List<ApiHandler> create(
            MetadataView view, TopicCommands topics, ConfigCommands configs, DynamicBrokerConfig brokerConfig) {
        return List.of(
                new MetadataHandler(view, topics, brokerConfig.staticConfig()),
                new CreateTopicsHandler(view, topics, brokerConfig),
                new DeleteTopicsHandler(view, topics),
                new CreatePartitionsHandler(view, topics),
                new DescribeConfigsHandler(view, brokerConfig),
                new AlterConfigsHandler(configs),
                new IncrementalAlterConfigsHandler(configs),
                new DescribeClusterHandler(view));
    }
}
