package io.runnel.broker.controller;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.config.DynamicBrokerConfig;
import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.ConfigEntity;
import io.runnel.broker.metadata.MetadataView;
import io.runnel.broker.zk.ConfigChangeNotificationZNode;
import io.runnel.broker.zk.ConfigEntityZNode;
import io.runnel.broker.zk.TopicZNode;
import io.runnel.broker.zk.ZkClient;
import io.runnel.broker.zk.ZkPaths;
import io.runnel.storage.LogConfig;
import org.apache.curator.framework.CuratorFramework;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.server.policy.AlterConfigPolicy;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ConfigCommands} on ZooKeeper. Topic overrides are validated against {@link LogConfig#CONFIG_DEF} (an
 * invalid one is INVALID_CONFIG). Dynamic broker configs are validated as Kafka's ZooKeeper mode does, against
 * {@link BrokerConfig#CONFIG_DEF} and the current broker config ({@link DynamicBrokerConfig#validate}): a read-only
 * config, a per-broker-only config in the cluster default, an invalid value or a config whose topic defaults do
 * not validate is INVALID_REQUEST; names Runnel does not define are stored as given (Kafka keeps custom broker
 * configs for plugins).
 */
public final class ZkConfigCommands implements ConfigCommands {

    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(ZkConfigCommands.class);
    private static final int MAX_ATTEMPTS = 20;

    private final CuratorFramework curator;
    private final int brokerId;
    private final DynamicBrokerConfig brokerConfig;
    private final MetadataView view;
    private final Optional<AlterConfigPolicy> policy;

    /**
     * @param view this broker's metadata view: an alteration is answered once the view shows it, so that a
     *     DescribeConfigs sent to this broker after a successful alter sees the new values (read-your-writes, as
     *     Kafka's ZooKeeper-mode brokers gave by reading ZooKeeper on describe)
     */
    public ZkConfigCommands(
            ZkClient zk,
            int brokerId,
            DynamicBrokerConfig brokerConfig,
            MetadataView view,
            Optional<AlterConfigPolicy> policy) {
        this.curator = zk.curator();
        this.brokerId = brokerId;
        this.brokerConfig = brokerConfig;
        this.view = view;
        this.policy = policy;
    }

    @Override
    public ApiError replaceConfigs(ConfigResource resource, Map<String, String> configs, boolean validateOnly) {
        return apply(resource, validateOnly, current -> {
            Map<String, String> next = new HashMap<>();
            configs.forEach((k, v) -> {
                if (v != null) {
                    next.put(k, v);
                }
            });
            return next;
        });
    }

    @Override
    public ApiError alterConfigs(ConfigResource resource, List<ConfigOperation> operations, boolean validateOnly) {
        Set<String> seen = new HashSet<>();
        for (ConfigOperation op : operations) {
            if (!seen.add(op.name())) {
                return new ApiError(Errors.INVALID_REQUEST, "Error due to duplicate config keys: " + op.name());
            }
        }
        return apply(resource, validateOnly, current -> {
            Map<String, String> next = new HashMap<>(current);
            for (ConfigOperation op : operations) {
                applyOperation(resource, next, op);
            }
            return next;
        });
    }

    private interface Update {
        Map<String, String> apply(Map<String, String> current);
    }

    private ApiError apply(ConfigResource resource, boolean validateOnly, Update update) {
        try {
            String path = entityPath(resource);
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Stat stat = new Stat();
                Map<String, String> current;
                try {
                    current = ConfigEntityZNode.decode(
                            path, curator.getData().storingStatIn(stat).forPath(path));
                } catch (KeeperException.NoNodeException e) {
                    current = Map.of();
                    stat = null;
                }
                Map<String, String> next = update.apply(current);
                validate(resource, next);
                if (validateOnly) {
                    return ApiError.NONE;
                }
                try {
                    byte[] data = ConfigEntityZNode.encode(next);
                    if (stat == null) {
                        curator.create().creatingParentsIfNeeded().forPath(path, data);
                    } else {
                        curator.setData().withVersion(stat.getVersion()).forPath(path, data);
                    }
                } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException raced) {
                    continue;
                }
                notifyChange(resource);
                log.info("Updated configs of {}: {}", resource, next);
                return awaitLocalView(resource, next);
            }
            return new ApiError(Errors.REQUEST_TIMED_OUT, "Too many concurrent updates of " + resource);
        } catch (ApiException e) {
            return ApiError.fromThrowable(e);
        } catch (Exception e) {
            return new ApiError(Errors.REQUEST_TIMED_OUT, "ZooKeeper operation failed: " + e.getMessage());
        }
    }

    /** Waits (bounded) until this broker's metadata view holds {@code written} for the resource. */
    private ApiError awaitLocalView(ConfigResource resource, Map<String, String> written) throws InterruptedException {
        Predicate<ClusterMetadata> shown =
                switch (resource.type()) {
                    case TOPIC -> m -> m.topicConfig(resource.name()).equals(written);
                    default ->
                        m -> m.brokerConfig(brokerEntity(resource.name())).equals(written);
                };
        try {
            view.awaitUntil(shown).get(VIEW_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return ApiError.NONE;
        } catch (ExecutionException | TimeoutException e) {
            return new ApiError(
                    Errors.REQUEST_TIMED_OUT,
                    "The configs of " + resource + " were written but are not yet visible on this broker");
        }
    }

    private String entityPath(ConfigResource resource) throws Exception {
        return switch (resource.type()) {
            case TOPIC -> {
                String topic = resource.name();
                if (!Topic.isValid(topic) || curator.checkExists().forPath(TopicZNode.path(topic)) == null) {
                    throw new UnknownTopicOrPartitionException("Topic '" + topic + "' does not exist.");
                }
                yield ZkPaths.topicConfig(topic);
            }
            case BROKER -> ZkPaths.brokerConfig(brokerEntity(resource.name()));
            default -> throw new InvalidRequestException("Unsupported resource type " + resource.type());
        };
    }

    /** Kafka: empty name is the cluster default; a broker may only alter its own per-broker configs. */
    private String brokerEntity(String name) {
        if (name == null || name.isEmpty()) {
            return ConfigEntity.DEFAULT_BROKER;
        }
        try {
            if (Integer.parseInt(name) == brokerId) {
                return name;
            }
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Broker id must be an integer, but it is: " + name);
        }
        throw new InvalidRequestException("Unexpected broker id, expected " + brokerId + ", but received " + name);
    }

    private static void applyOperation(ConfigResource resource, Map<String, String> configs, ConfigOperation op) {
        switch (op.op()) {
            case SET -> configs.put(op.name(), op.value());
            case DELETE -> configs.remove(op.name());
            case APPEND, SUBTRACT -> {
                if (listDefault(resource, op.name()).isEmpty()) {
                    throw new InvalidConfigurationException(
                            "Config value append is not allowed for config key: " + op.name());
                }
                String currentValue = configs.getOrDefault(
                        op.name(), listDefault(resource, op.name()).get());
                List<String> values = new ArrayList<>(split(currentValue));
                List<String> operands = split(op.value() == null ? "" : op.value());
                if (op.op() == AlterConfigOp.OpType.APPEND) {
                    operands.stream().filter(v -> !values.contains(v)).forEach(values::add);
                } else {
                    values.removeAll(operands);
                }
                configs.put(op.name(), String.join(",", values));
            }
        }
    }

    /** The default of a list-typed config, empty when the config is not a list. */
    private static Optional<String> listDefault(ConfigResource resource, String name) {
        ConfigDef definitions =
                resource.type() == ConfigResource.Type.TOPIC ? LogConfig.CONFIG_DEF : BrokerConfig.CONFIG_DEF;
        ConfigDef.ConfigKey key = definitions.configKeys().get(name);
        if (key == null || key.type != ConfigDef.Type.LIST) {
            return Optional.empty();
        }
        return Optional.of(ConfigDef.convertToString(key.defaultValue, ConfigDef.Type.LIST));
    }

    private static List<String> split(String value) {
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private void validate(ConfigResource resource, Map<String, String> configs) {
        if (resource.type() == ConfigResource.Type.TOPIC) {
            TopicConfigValidator.validate(configs);
        } else {
            try {
                brokerConfig.validate(configs, brokerEntity(resource.name()).equals(ConfigEntity.DEFAULT_BROKER));
            } catch (ConfigException e) {
                // Kafka answers INVALID_REQUEST for any broker config that fails validation (KAFKA-13609).
                throw new InvalidRequestException(
                        "Invalid config value for resource " + resource + ": " + e.getMessage(), e);
            }
        }
        if (policy.isPresent()) {
            policy.get().validate(new AlterConfigPolicy.RequestMetadata(resource, configs));
        }
    }

    private void notifyChange(ConfigResource resource) throws Exception {
        String entityType = resource.type() == ConfigResource.Type.TOPIC ? "topics" : "brokers";
        String entityName =
                resource.type() == ConfigResource.Type.TOPIC ? resource.name() : brokerEntity(resource.name());
        curator.create()
                .creatingParentsIfNeeded()
                .withMode(CreateMode.PERSISTENT_SEQUENTIAL)
                .forPath(
                        ConfigChangeNotificationZNode.PREFIX,
                        ConfigChangeNotificationZNode.encode(entityType, entityName));
    }
}
