package io.runnel.broker.controller;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.runnel.broker.testing.RecordingReplicaListener.BrokerConfigChanged;
import io.runnel.broker.testing.RecordingReplicaListener.TopicConfigChanged;
import io.runnel.broker.testing.ZkBroker;
import io.runnel.broker.zk.ConfigChangeNotificationZNode;
import io.runnel.broker.zk.EmbeddedZooKeeper;
import io.runnel.broker.zk.ZkPaths;
import org.apache.kafka.clients.admin.AlterConfigOp.OpType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigCommandsTest {

    @TempDir
    static Path dir;

    static EmbeddedZooKeeper zookeeper;

    ZkBroker broker;

    @BeforeAll
    static void startZooKeeper() {
        zookeeper = new EmbeddedZooKeeper(dir.resolve("zk"), 0).start();
    }

    @AfterAll
    static void stopZooKeeper() {
        zookeeper.stop();
    }

    @BeforeEach
    void startBroker() {
        broker = ZkBroker.start(zookeeper, 1);
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    private ConfigResource topic(String name) {
        broker.topics.createTopics(List.of(NewTopic.of(name, 1, 1)), false).join();
        broker.await(m -> m.topics().containsKey(name));
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }

    @Test
    void incrementalOperationsEditTopicOverridesAndReachTheListener() {
        ConfigResource resource = topic("edited");

        ApiError set = broker.configs.alterConfigs(
                resource,
                List.of(
                        new ConfigOperation("retention.ms", OpType.SET, "5000"),
                        new ConfigOperation("cleanup.policy", OpType.APPEND, "compact")),
                false);
        broker.await(m -> m.topicConfig("edited").containsKey("retention.ms"));
        ApiError delete = broker.configs.alterConfigs(
                resource,
                List.of(
                        new ConfigOperation("retention.ms", OpType.DELETE, null),
                        new ConfigOperation("cleanup.policy", OpType.SUBTRACT, "delete")),
                false);

        assertThat(set).isEqualTo(ApiError.NONE);
        assertThat(delete).isEqualTo(ApiError.NONE);
        broker.await(m -> m.topicConfig("edited").equals(Map.of("cleanup.policy", "compact")));
        assertThat(broker.listener.eventsOf(TopicConfigChanged.class))
                .contains(
                        new TopicConfigChanged(
                                "edited", Map.of("retention.ms", "5000", "cleanup.policy", "delete,compact")),
                        new TopicConfigChanged("edited", Map.of("cleanup.policy", "compact")));
    }

    @Test
    void aSuccessfulAlterIsVisibleInThisBrokersViewWhenItIsAnswered() {
        ConfigResource resource = topic("read-your-writes");

        ApiError error = broker.configs.alterConfigs(
                resource, List.of(new ConfigOperation("retention.ms", OpType.SET, "7000")), false);

        assertThat(error).isEqualTo(ApiError.NONE);
        assertThat(broker.view.current().topicConfig("read-your-writes")).containsEntry("retention.ms", "7000");
    }

    @Test
    void replaceSetsExactlyTheGivenOverrides() {
        ConfigResource resource = topic("replaced");
        broker.configs.replaceConfigs(resource, Map.of("retention.ms", "1", "segment.ms", "100"), false);

        broker.configs.replaceConfigs(resource, Map.of("segment.bytes", "1048576"), false);

        broker.await(m -> m.topicConfig("replaced").equals(Map.of("segment.bytes", "1048576")));
    }

    @Test
    void topicConfigErrors() {
        ConfigResource resource = topic("strict");

        assertThat(broker.configs
                        .alterConfigs(resource, List.of(new ConfigOperation("retention.ms", OpType.SET, "x")), false)
                        .error())
                .isEqualTo(Errors.INVALID_CONFIG);
        assertThat(broker.configs
                        .alterConfigs(resource, List.of(new ConfigOperation("segment.ms", OpType.APPEND, "1")), false)
                        .error())
                .isEqualTo(Errors.INVALID_CONFIG);
        assertThat(broker.configs
                        .alterConfigs(
                                resource,
                                List.of(
                                        new ConfigOperation("retention.ms", OpType.SET, "1"),
                                        new ConfigOperation("retention.ms", OpType.DELETE, null)),
                                false)
                        .error())
                .isEqualTo(Errors.INVALID_REQUEST);
        assertThat(broker.configs
                        .replaceConfigs(new ConfigResource(ConfigResource.Type.TOPIC, "ghost"), Map.of(), false)
                        .error())
                .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void validateOnlyLeavesOverridesUnchanged() throws Exception {
        ConfigResource resource = topic("untouched");

        ApiError error = broker.configs.replaceConfigs(resource, Map.of("retention.ms", "1"), true);

        assertThat(error).isEqualTo(ApiError.NONE);
        assertThat(new String(broker.zk.curator().getData().forPath(ZkPaths.topicConfig("untouched"))))
                .contains("\"config\":{}");
    }

    @Test
    void changesAreAnnouncedInConfigChangeNotifications() throws Exception {
        ConfigResource resource = topic("announced");

        broker.configs.replaceConfigs(resource, Map.of("retention.ms", "1"), false);

        List<String> notifications = broker.zk.curator().getChildren().forPath(ZkPaths.CONFIG_CHANGES);
        List<String> entities = notifications.stream()
                .map(n -> {
                    try {
                        String path = ZkPaths.CONFIG_CHANGES + "/" + n;
                        return ConfigChangeNotificationZNode.decode(
                                path, broker.zk.curator().getData().forPath(path));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
        assertThat(entities).contains("topics/announced");
        assertThat(notifications).allMatch(n -> n.matches("config_change_\\d{10}"));
    }

    @Test
    void brokerConfigEntriesReachTheListenerAndMergeInTheView() {
        ApiError clusterDefault = broker.configs.alterConfigs(
                new ConfigResource(ConfigResource.Type.BROKER, ""),
                List.of(
                        new ConfigOperation("log.retention.ms", OpType.SET, "100"),
                        new ConfigOperation("log.segment.bytes", OpType.SET, "2048")),
                false);
        ApiError perBroker = broker.configs.alterConfigs(
                new ConfigResource(ConfigResource.Type.BROKER, "1"),
                List.of(new ConfigOperation("log.retention.ms", OpType.SET, "200")),
                false);

        assertThat(clusterDefault).isEqualTo(ApiError.NONE);
        assertThat(perBroker).isEqualTo(ApiError.NONE);
        broker.await(m -> m.effectiveDynamicBrokerConfig(1)
                .equals(Map.of("log.retention.ms", "200", "log.segment.bytes", "2048")));
        broker.await(m -> broker.listener
                .eventsOf(BrokerConfigChanged.class)
                .contains(new BrokerConfigChanged(
                        Map.of("log.retention.ms", "100", "log.segment.bytes", "2048"),
                        Map.of("log.retention.ms", "200"))));
        broker.configs.replaceConfigs(new ConfigResource(ConfigResource.Type.BROKER, ""), Map.of(), false);
        broker.configs.replaceConfigs(new ConfigResource(ConfigResource.Type.BROKER, "1"), Map.of(), false);
    }

    @Test
    void brokerConfigErrors() {
        assertThat(broker.configs
                        .replaceConfigs(new ConfigResource(ConfigResource.Type.BROKER, "2"), Map.of(), false)
                        .error())
                .isEqualTo(Errors.INVALID_REQUEST);
        // Kafka answers INVALID_REQUEST, not INVALID_CONFIG, for a broker config that fails validation.
        assertThat(broker.configs
                        .replaceConfigs(
                                new ConfigResource(ConfigResource.Type.BROKER, ""),
                                Map.of("log.retention.ms", "forever"),
                                false)
                        .error())
                .isEqualTo(Errors.INVALID_REQUEST);
    }

    @Test
    void readOnlyBrokerConfigIsRejectedAsInKafka() {
        ApiError error = broker.configs.alterConfigs(
                new ConfigResource(ConfigResource.Type.BROKER, "1"),
                List.of(new ConfigOperation("num.partitions", OpType.SET, "4")),
                false);

        assertThat(error.error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error.message())
                .contains("Cannot update these configs dynamically")
                .contains("num.partitions");
    }

    @Test
    void perBrokerOnlyConfigIsRejectedAsClusterDefault() {
        ApiError error = broker.configs.alterConfigs(
                new ConfigResource(ConfigResource.Type.BROKER, ""),
                List.of(new ConfigOperation("advertised.listeners", OpType.SET, "PLAINTEXT://h:9092")),
                false);

        assertThat(error.error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error.message()).contains("broker id must be specified").contains("advertised.listeners");
    }

    @Test
    void brokerValueIsValidatedByTheBrokerConfigDefinition() {
        ApiError error = broker.configs.alterConfigs(
                new ConfigResource(ConfigResource.Type.BROKER, "1"),
                List.of(new ConfigOperation("log.segment.bytes", OpType.SET, "-1")),
                true);

        assertThat(error.error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(error.message()).contains("log.segment.bytes");
    }

    @Test
    void customBrokerConfigIsStoredAsGiven() {
        ConfigResource own = new ConfigResource(ConfigResource.Type.BROKER, "1");

        ApiError error = broker.configs.alterConfigs(
                own, List.of(new ConfigOperation("my.plugin.setting", OpType.SET, "x")), false);

        assertThat(error).isEqualTo(ApiError.NONE);
        broker.await(m -> m.brokerConfig("1").equals(Map.of("my.plugin.setting", "x")));
        assertThat(broker.brokerConfig.current().dynamicPerBroker()).isEmpty();
        broker.configs.replaceConfigs(own, Map.of(), false);
    }

    @Test
    void storedBrokerConfigsBecomeTheLiveConfig() {
        ConfigResource own = new ConfigResource(ConfigResource.Type.BROKER, "1");

        broker.configs.alterConfigs(own, List.of(new ConfigOperation("log.retention.ms", OpType.SET, "300")), false);

        broker.await(m -> m.brokerConfig("1").containsKey("log.retention.ms"));
        assertThat(broker.brokerConfig.current().topicDefaults().retentionMs()).isEqualTo(300L);
        broker.configs.replaceConfigs(own, Map.of(), false);
    }

    @Test
    void appendToABrokerListConfigStartsFromItsDefault() {
        ConfigResource clusterDefault = new ConfigResource(ConfigResource.Type.BROKER, "");

        ApiError error = broker.configs.alterConfigs(
                clusterDefault, List.of(new ConfigOperation("log.cleanup.policy", OpType.APPEND, "compact")), false);

        assertThat(error).isEqualTo(ApiError.NONE);
        broker.await(m -> m.brokerConfig("<default>").equals(Map.of("log.cleanup.policy", "delete,compact")));
        broker.configs.replaceConfigs(clusterDefault, Map.of(), false);
    }
}
