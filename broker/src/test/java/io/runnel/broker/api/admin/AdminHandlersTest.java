package io.runnel.broker.api.admin;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.controller.NewTopic;
import io.runnel.broker.testing.ZkBroker;
import io.runnel.broker.zk.EmbeddedZooKeeper;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicCollection;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfigCollection;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AlterConfigsRequest;
import org.apache.kafka.common.requests.AlterConfigsResponse;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreatePartitionsResponse;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.CreateTopicsResponse;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsResponse;
import org.apache.kafka.common.requests.DescribeClusterRequest;
import org.apache.kafka.common.requests.DescribeClusterResponse;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.DescribeConfigsResponse.ConfigSource;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static io.runnel.broker.testing.HandlerCalls.call;
import static io.runnel.broker.testing.HandlerCalls.callWithData;
import static org.assertj.core.api.Assertions.assertThat;

/** Each admin handler called with kafka-clients request builders at every version it advertises. */
class AdminHandlersTest {

    @TempDir
    static Path dir;

    static EmbeddedZooKeeper zookeeper;
    static ZkBroker broker;
    static BrokerConfig config =
            ZkBroker.config(1, "broker1.test", 9092, Map.of("log.retention.hours", "24", "num.io.threads", "8"));

    @BeforeAll
    static void start() {
        zookeeper = new EmbeddedZooKeeper(dir.resolve("zk"), 0).start();
        broker = new ZkBroker(zookeeper, config);
    }

    @AfterAll
    static void stop() {
        broker.close();
        zookeeper.stop();
    }

    static Uuid createTopic(String name, int partitions, Map<String, String> configs) {
        Uuid id = broker.topics
                .createTopics(List.of(NewTopic.of(name, partitions, 1).withConfigs(configs)), false)
                .join()
                .get(0)
                .topicId();
        // every partition: the view applies ZooKeeper's change events one node at a time, in no set order
        broker.await(m -> IntStream.range(0, partitions)
                .allMatch(p -> m.partitionStates().containsKey(new TopicPartition(name, p))));
        return id;
    }

    static Stream<Short> metadataVersions() {
        return io.runnel.broker.testing.HandlerCalls.versions(new MetadataHandler(null, null, null));
    }

    static Stream<Short> createTopicsVersions() {
        return io.runnel.broker.testing.HandlerCalls.versions(new CreateTopicsHandler(null, null, null));
    }

    static Stream<Short> deleteTopicsVersions() {
        return io.runnel.broker.testing.HandlerCalls.versions(new DeleteTopicsHandler(null, null));
    }

    static Stream<Short> createPartitionsVersions() {
        return io.runnel.broker.testing.HandlerCalls.versions(new CreatePartitionsHandler(null, null));
    }

    static Stream<Short> describeConfigsVersions() {
        return io.runnel.broker.testing.HandlerCalls.versions(new DescribeConfigsHandler(null, null));
    }

    static Stream<Short> alterConfigsVersions() {
        return io.runnel.broker.testing.HandlerCalls.versions(new AlterConfigsHandler(null));
    }

    static Stream<Short> incrementalAlterConfigsVersions() {
        return io.runnel.broker.testing.HandlerCalls.versions(new IncrementalAlterConfigsHandler(null));
    }

    static Stream<Short> describeClusterVersions() {
        return io.runnel.broker.testing.HandlerCalls.versions(new DescribeClusterHandler(null));
    }

    /** Metadata request data as a client of {@code version} sends it (v0 has no "all topics" null). */
    static MetadataRequestData metadataRequest(List<String> topics, boolean allowAutoCreation, short version) {
        MetadataRequestData data = new MetadataRequestData()
                .setTopics(
                        topics == null
                                ? (version == 0 ? List.of() : null)
                                : MetadataRequest.convertToMetadataRequestTopic(topics));
        if (version >= 4) {
            data.setAllowAutoTopicCreation(allowAutoCreation);
        }
        return data;
    }

    static MetadataHandler metadataHandler(BrokerConfig brokerConfig) {
        return new MetadataHandler(broker.view, broker.topics, brokerConfig);
    }

    @Nested
    class Metadata {

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#metadataVersions")
        void describesBrokersControllerAndTopicLeaders(short version) {
            String name = "md-" + version;
            Uuid id = createTopic(name, 2, Map.of());

            MetadataResponse response =
                    callWithData(metadataHandler(config), metadataRequest(List.of(name), false, version), version);

            assertThat(response.brokers()).singleElement().satisfies(node -> {
                assertThat(node.id()).isEqualTo(1);
                assertThat(node.host()).isEqualTo("broker1.test");
                assertThat(node.port()).isEqualTo(9092);
            });
            if (version >= 1) {
                assertThat(response.controller().id()).isEqualTo(1);
            }
            if (version >= 2) {
                assertThat(response.clusterId()).isEqualTo(broker.view.current().clusterId());
            }
            MetadataResponseTopic topic = response.data().topics().find(name);
            assertThat(topic.errorCode()).isEqualTo(Errors.NONE.code());
            if (version >= 10) {
                assertThat(topic.topicId()).isEqualTo(id);
            }
            assertThat(topic.partitions()).hasSize(2);
            MetadataResponsePartition partition = topic.partitions().get(0);
            assertThat(partition.leaderId()).isEqualTo(1);
            assertThat(partition.replicaNodes()).containsExactly(1);
            assertThat(partition.isrNodes()).containsExactly(1);
            if (version >= 7) {
                assertThat(partition.leaderEpoch()).isEqualTo(0);
            }
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#metadataVersions")
        void unknownTopicIsUnknownWhenAutoCreationIsDisabled(short version) {
            MetadataResponse response = callWithData(
                    metadataHandler(BrokerConfig.fromProps(Map.of("auto.create.topics.enable", "false"))),
                    metadataRequest(List.of("absent"), true, version),
                    version);

            assertThat(response.errors()).containsEntry("absent", Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#metadataVersions")
        void requestedUnknownTopicIsAutoCreatedAndReportedLeaderNotAvailable(short version) {
            String name = "auto-" + version;

            MetadataResponse response =
                    callWithData(metadataHandler(config), metadataRequest(List.of(name), true, version), version);

            assertThat(response.errors()).containsEntry(name, Errors.LEADER_NOT_AVAILABLE);
            broker.await(m -> m.topic(name)
                    .map(t -> t.partitionCount() == config.numPartitions())
                    .orElse(false));
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#metadataVersions")
        void autoCreationNeedsTheRequestsPermissionFromVersion4(short version) {
            String name = "not-auto-" + version;

            MetadataResponse response =
                    callWithData(metadataHandler(config), metadataRequest(List.of(name), false, version), version);

            Errors expected = version >= 4 ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.LEADER_NOT_AVAILABLE;
            assertThat(response.errors()).containsEntry(name, expected);
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#metadataVersions")
        void allTopicsRequestListsEveryTopic(short version) {
            createTopic("listed-" + version, 1, Map.of());

            MetadataResponse response =
                    callWithData(metadataHandler(config), metadataRequest(null, false, version), version);

            assertThat(response.data().topics().find("listed-" + version)).isNotNull();
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#metadataVersions")
        void topicsAreLookedUpByIdFromVersion12(short version) {
            if (version < 12) {
                return;
            }
            Uuid id = createTopic("byid-" + version, 1, Map.of());
            Uuid unknown = Uuid.randomUuid();
            MetadataRequestData data = new MetadataRequestData()
                    .setTopics(MetadataRequest.convertTopicIdsToMetadataRequestTopic(List.of(id, unknown)))
                    .setAllowAutoTopicCreation(false);

            MetadataResponse response = call(metadataHandler(config), new MetadataRequest.Builder(data), version);

            assertThat(response.data().topics())
                    .filteredOn(t -> unknown.equals(t.topicId()))
                    .singleElement()
                    .satisfies(t -> assertThat(t.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code()));
            assertThat(response.data().topics())
                    .filteredOn(t -> id.equals(t.topicId()))
                    .singleElement()
                    .satisfies(t -> assertThat(t.name()).isEqualTo("byid-" + version));
        }
    }

    static CreateTopicsRequest.Builder createRequest(boolean validateOnly, CreatableTopic... topics) {
        CreatableTopicCollection collection = new CreatableTopicCollection();
        for (CreatableTopic topic : topics) {
            collection.mustAdd(topic);
        }
        return new CreateTopicsRequest.Builder(new CreateTopicsRequestData()
                .setTopics(collection)
                .setTimeoutMs(10_000)
                .setValidateOnly(validateOnly));
    }

    static CreatableTopic creatable(String name, int partitions, Map<String, String> configs) {
        CreatableTopicConfigCollection configCollection = new CreatableTopicConfigCollection();
        configs.forEach((k, v) ->
                configCollection.add(new CreatableTopicConfig().setName(k).setValue(v)));
        return new CreatableTopic()
                .setName(name)
                .setNumPartitions(partitions)
                .setReplicationFactor((short) 1)
                .setConfigs(configCollection);
    }

    @Nested
    class CreateTopics {

        CreateTopicsHandler handler() {
            return new CreateTopicsHandler(broker.view, broker.topics, broker.brokerConfig);
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#createTopicsVersions")
        void createsTopicsAndReportsTheirConfigFromVersion5(short version) {
            String name = "ct-" + version;

            CreateTopicsResponse response =
                    call(handler(), createRequest(false, creatable(name, 3, Map.of("retention.ms", "60000"))), version);

            CreatableTopicResult result = response.data().topics().find(name);
            assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(broker.view.current().topic(name).orElseThrow().partitionCount())
                    .as("answered once the metadata shows the topic")
                    .isEqualTo(3);
            if (version >= 5) {
                assertThat(result.numPartitions()).isEqualTo(3);
                assertThat(result.replicationFactor()).isEqualTo((short) 1);
                assertThat(result.configs().stream()
                                .filter(c -> c.name().equals("retention.ms"))
                                .findFirst()
                                .orElseThrow())
                        .satisfies(c -> {
                            assertThat(c.value()).isEqualTo("60000");
                            assertThat(c.configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
                        });
            }
            if (version >= 7) {
                assertThat(result.topicId())
                        .isEqualTo(
                                broker.view.current().topic(name).orElseThrow().topicId());
            }
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#createTopicsVersions")
        void reportsPerTopicErrors(short version) {
            String existing = "ct-existing-" + version;
            createTopic(existing, 1, Map.of());

            CreateTopicsResponse response = call(
                    handler(),
                    createRequest(
                            false,
                            creatable(existing, 1, Map.of()),
                            creatable("ct-zero-" + version, 0, Map.of()),
                            creatable("ct-badconfig-" + version, 1, Map.of("retention.ms", "x")),
                            creatable("bad name " + version, 1, Map.of())),
                    version);

            assertThat(response.data().topics().find(existing).errorCode())
                    .isEqualTo(Errors.TOPIC_ALREADY_EXISTS.code());
            assertThat(response.data().topics().find("ct-zero-" + version).errorCode())
                    .isEqualTo(Errors.INVALID_PARTITIONS.code());
            assertThat(response.data().topics().find("ct-badconfig-" + version).errorCode())
                    .isEqualTo(Errors.INVALID_CONFIG.code());
            assertThat(response.data().topics().find("bad name " + version).errorCode())
                    .isEqualTo(Errors.INVALID_TOPIC_EXCEPTION.code());
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#createTopicsVersions")
        void validateOnlyCreatesNothing(short version) {
            String name = "ct-dry-" + version;

            CreateTopicsResponse response = call(handler(), createRequest(true, creatable(name, 2, Map.of())), version);

            assertThat(response.data().topics().find(name).errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(broker.view.current().topics()).doesNotContainKey(name);
        }
    }

    @Nested
    class DeleteTopics {

        DeleteTopicsHandler handler() {
            return new DeleteTopicsHandler(broker.view, broker.topics);
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#deleteTopicsVersions")
        void deletesByNameAndReportsUnknownNames(short version) {
            String name = "dt-" + version;
            createTopic(name, 1, Map.of());
            DeleteTopicsRequestData data = new DeleteTopicsRequestData().setTimeoutMs(10_000);
            if (version >= 6) {
                data.setTopics(
                        List.of(new DeleteTopicState().setName(name), new DeleteTopicState().setName("dt-ghost")));
            } else {
                data.setTopicNames(List.of(name, "dt-ghost"));
            }

            DeleteTopicsResponse response = call(handler(), new DeleteTopicsRequest.Builder(data), version);

            assertThat(response.data().responses().find(name).errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(response.data().responses().find("dt-ghost").errorCode())
                    .isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            assertThat(broker.view.current().topics()).doesNotContainKey(name);
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#deleteTopicsVersions")
        void deletesByTopicIdFromVersion6(short version) {
            if (version < 6) {
                return;
            }
            Uuid id = createTopic("dt-id-" + version, 1, Map.of());
            Uuid unknown = Uuid.randomUuid();
            DeleteTopicsRequestData data = new DeleteTopicsRequestData()
                    .setTimeoutMs(10_000)
                    .setTopics(
                            List.of(new DeleteTopicState().setTopicId(id), new DeleteTopicState().setTopicId(unknown)));

            DeleteTopicsResponse response = call(handler(), new DeleteTopicsRequest.Builder(data), version);

            assertThat(response.data().responses())
                    .anySatisfy(r -> {
                        assertThat(r.topicId()).isEqualTo(id);
                        assertThat(r.name()).isEqualTo("dt-id-" + version);
                        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
                    })
                    .anySatisfy(r -> {
                        assertThat(r.topicId()).isEqualTo(unknown);
                        assertThat(r.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_ID.code());
                    });
        }
    }

    @Nested
    class CreatePartitions {

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#createPartitionsVersions")
        void growsTopicsAndRejectsShrinking(short version) {
            String grow = "cp-grow-" + version;
            String shrink = "cp-shrink-" + version;
            createTopic(grow, 1, Map.of());
            createTopic(shrink, 2, Map.of());
            CreatePartitionsRequestData.CreatePartitionsTopicCollection topics =
                    new CreatePartitionsRequestData.CreatePartitionsTopicCollection();
            topics.add(new CreatePartitionsTopic().setName(grow).setCount(3).setAssignments(null));
            topics.add(new CreatePartitionsTopic().setName(shrink).setCount(1).setAssignments(null));

            CreatePartitionsResponse response = call(
                    new CreatePartitionsHandler(broker.view, broker.topics),
                    new CreatePartitionsRequest.Builder(
                            new CreatePartitionsRequestData().setTopics(topics).setTimeoutMs(10_000)),
                    version);

            assertThat(response.data().results())
                    .anySatisfy(r -> {
                        assertThat(r.name()).isEqualTo(grow);
                        assertThat(r.errorCode()).isEqualTo(Errors.NONE.code());
                    })
                    .anySatisfy(r -> {
                        assertThat(r.name()).isEqualTo(shrink);
                        assertThat(r.errorCode()).isEqualTo(Errors.INVALID_PARTITIONS.code());
                    });
            broker.await(m -> m.topic(grow).map(t -> t.partitionCount() == 3).orElse(false));
        }

        @Test
        void answersOnceThisBrokerKnowsTheNewPartitions() {
            String grow = "cp-visible";
            createTopic(grow, 1, Map.of());
            CreatePartitionsRequestData.CreatePartitionsTopicCollection topics =
                    new CreatePartitionsRequestData.CreatePartitionsTopicCollection();
            topics.add(new CreatePartitionsTopic().setName(grow).setCount(3).setAssignments(null));

            CreatePartitionsResponse response = call(
                    new CreatePartitionsHandler(broker.view, broker.topics),
                    new CreatePartitionsRequest.Builder(
                            new CreatePartitionsRequestData().setTopics(topics).setTimeoutMs(10_000)),
                    (short) 3);

            assertThat(response.data().results().get(0).errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(broker.view.current().partitionStates()).containsKey(new TopicPartition(grow, 2));
        }
    }

    static DescribeConfigsRequest.Builder describe(
            ConfigResource.Type type, String name, Collection<String> keys, short version) {
        return new DescribeConfigsRequest.Builder(new DescribeConfigsRequestData()
                .setResources(List.of(new DescribeConfigsResource()
                        .setResourceType(type.id())
                        .setResourceName(name)
                        .setConfigurationKeys(keys == null ? null : List.copyOf(keys))))
                .setIncludeSynonyms(true)
                .setIncludeDocumentation(version >= 3));
    }

    static DescribeConfigsResourceResult entry(DescribeConfigsResult result, String name) {
        return result.configs().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " not described in " + result));
    }

    @Nested
    class DescribeConfigs {

        DescribeConfigsHandler handler() {
            return new DescribeConfigsHandler(broker.view, broker.brokerConfig);
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#describeConfigsVersions")
        void topicConfigsCarryTheirSource(short version) {
            String name = "dc-" + version;
            createTopic(name, 1, Map.of("segment.bytes", "1048576"));
            broker.await(m -> !m.topicConfig(name).isEmpty());

            DescribeConfigsResponse response =
                    call(handler(), describe(ConfigResource.Type.TOPIC, name, null, version), version);

            DescribeConfigsResult result = response.data().results().get(0);
            assertThat(result.errorCode()).isEqualTo(Errors.NONE.code());
            DescribeConfigsResourceResult segment = entry(result, "segment.bytes");
            assertThat(segment.value()).isEqualTo("1048576");
            assertThat(segment.configSource()).isEqualTo(ConfigSource.TOPIC_CONFIG.id());
            assertThat(segment.synonyms())
                    .extracting(s -> s.source())
                    .containsExactly(ConfigSource.TOPIC_CONFIG.id(), ConfigSource.DEFAULT_CONFIG.id());
            DescribeConfigsResourceResult retention = entry(result, "retention.ms");
            assertThat(retention.value()).isEqualTo("86400000");
            assertThat(retention.configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
            assertThat(entry(result, "min.insync.replicas").configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
            if (version >= 3) {
                assertThat(segment.configType()).isEqualTo(DescribeConfigsResponse.ConfigType.INT.id());
                assertThat(segment.documentation()).isNotBlank();
            }
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#describeConfigsVersions")
        void selectedKeysAndUnknownTopics(short version) {
            String name = "dc-keys-" + version;
            createTopic(name, 1, Map.of());

            DescribeConfigsResponse selectedResponse = call(
                    handler(), describe(ConfigResource.Type.TOPIC, name, List.of("cleanup.policy"), version), version);
            DescribeConfigsResponse unknownResponse =
                    call(handler(), describe(ConfigResource.Type.TOPIC, "dc-ghost", null, version), version);
            DescribeConfigsResult selected = selectedResponse.data().results().get(0);
            DescribeConfigsResult unknown = unknownResponse.data().results().get(0);

            assertThat(selected.configs()).extracting(c -> c.name()).containsExactly("cleanup.policy");
            assertThat(unknown.errorCode()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#describeConfigsVersions")
        void brokerConfigsOfThisBrokerOnly(short version) {
            DescribeConfigsResponse ownResponse =
                    call(handler(), describe(ConfigResource.Type.BROKER, "1", null, version), version);
            DescribeConfigsResponse otherResponse =
                    call(handler(), describe(ConfigResource.Type.BROKER, "2", null, version), version);
            DescribeConfigsResult own = ownResponse.data().results().get(0);
            DescribeConfigsResult other = otherResponse.data().results().get(0);

            DescribeConfigsResourceResult threads = entry(own, "num.io.threads");
            assertThat(threads.value()).isEqualTo("8");
            assertThat(threads.configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
            // num.io.threads may change cluster-wide in Kafka; broker.id never does.
            assertThat(threads.readOnly()).isFalse();
            DescribeConfigsResourceResult id = entry(own, "broker.id");
            assertThat(id.value()).isEqualTo("1");
            assertThat(id.configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
            assertThat(id.readOnly()).isTrue();
            assertThat(entry(own, "log.retention.ms").readOnly()).isFalse();
            // Kafka: only the finest unit of a time setting (log.retention.ms) is dynamic.
            assertThat(entry(own, "log.retention.hours").readOnly()).isTrue();
            assertThat(other.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        }
    }

    @Nested
    class DescribeDynamicBrokerConfigs {

        ConfigResource own = new ConfigResource(ConfigResource.Type.BROKER, "1");
        ConfigResource clusterDefault = new ConfigResource(ConfigResource.Type.BROKER, "");

        DescribeConfigsResult describeNow(
                ConfigResource.Type type, String name, Collection<String> keys, short version) {
            DescribeConfigsResponse response = call(
                    new DescribeConfigsHandler(broker.view, broker.brokerConfig),
                    describe(type, name, keys, version),
                    version);
            return response.data().results().get(0);
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#describeConfigsVersions")
        void brokerConfigsCarryTheirDynamicSourceAndSynonyms(short version) {
            broker.configs.replaceConfigs(clusterDefault, Map.of("log.retention.bytes", "1000"), false);
            broker.configs.replaceConfigs(own, Map.of("log.retention.bytes", "2000"), false);
            broker.await(m -> m.brokerConfig("1").containsKey("log.retention.bytes")
                    && m.brokerConfig("<default>").containsKey("log.retention.bytes"));
            try {
                DescribeConfigsResult result = describeNow(ConfigResource.Type.BROKER, "1", null, version);

                DescribeConfigsResourceResult retention = entry(result, "log.retention.bytes");
                assertThat(retention.value()).isEqualTo("2000");
                assertThat(retention.configSource()).isEqualTo(ConfigSource.DYNAMIC_BROKER_CONFIG.id());
                assertThat(retention.synonyms())
                        .extracting(s -> s.source() + ":" + s.value())
                        .containsExactly(
                                ConfigSource.DYNAMIC_BROKER_CONFIG.id() + ":2000",
                                ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.id() + ":1000",
                                ConfigSource.DEFAULT_CONFIG.id() + ":-1");
                DescribeConfigsResourceResult hours = entry(result, "log.retention.hours");
                assertThat(hours.configSource()).isEqualTo(ConfigSource.STATIC_BROKER_CONFIG.id());
                assertThat(hours.synonyms())
                        .extracting(s -> s.name() + "=" + s.value())
                        .containsExactly("log.retention.hours=24", "log.retention.hours=168");
                assertThat(entry(result, "num.partitions").configSource()).isEqualTo(ConfigSource.DEFAULT_CONFIG.id());
            } finally {
                broker.configs.replaceConfigs(own, Map.of(), false);
                broker.configs.replaceConfigs(clusterDefault, Map.of(), false);
                broker.await(m -> m.brokerConfig("1").isEmpty()
                        && !m.brokerConfig("<default>").containsKey("log.retention.bytes"));
            }
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#describeConfigsVersions")
        void clusterDefaultResourceListsOnlyTheClusterDefaults(short version) {
            broker.configs.replaceConfigs(clusterDefault, Map.of("log.retention.bytes", "1000"), false);
            broker.await(m -> m.brokerConfig("<default>").containsKey("log.retention.bytes"));
            try {
                DescribeConfigsResult result = describeNow(ConfigResource.Type.BROKER, "", null, version);

                assertThat(result.configs()).extracting(c -> c.name()).containsExactly("log.retention.bytes");
                DescribeConfigsResourceResult retention = entry(result, "log.retention.bytes");
                assertThat(retention.configSource()).isEqualTo(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.id());
                assertThat(retention.synonyms())
                        .extracting(s -> s.source())
                        .containsExactly(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG.id());
            } finally {
                broker.configs.replaceConfigs(clusterDefault, Map.of(), false);
                broker.await(m -> !m.brokerConfig("<default>").containsKey("log.retention.bytes"));
            }
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#describeConfigsVersions")
        void topicConfigDefaultsFollowDynamicBrokerConfigs(short version) {
            String name = "dc-dyn-" + version;
            createTopic(name, 1, Map.of());
            broker.configs.replaceConfigs(own, Map.of("log.retention.bytes", "3000"), false);
            broker.await(m -> m.brokerConfig("1").containsKey("log.retention.bytes"));
            try {
                DescribeConfigsResult result =
                        describeNow(ConfigResource.Type.TOPIC, name, List.of("retention.bytes"), version);

                DescribeConfigsResourceResult retention = entry(result, "retention.bytes");
                assertThat(retention.value()).isEqualTo("3000");
                assertThat(retention.configSource()).isEqualTo(ConfigSource.DYNAMIC_BROKER_CONFIG.id());
                assertThat(retention.synonyms())
                        .extracting(s -> s.name())
                        .containsExactly("log.retention.bytes", "log.retention.bytes");
            } finally {
                broker.configs.replaceConfigs(own, Map.of(), false);
                broker.await(m -> m.brokerConfig("1").isEmpty());
            }
        }
    }

    @Nested
    class AlterConfigs {

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#alterConfigsVersions")
        @SuppressWarnings("deprecation")
        void replacesTopicOverrides(short version) {
            String name = "ac-" + version;
            createTopic(name, 1, Map.of("retention.ms", "1000"));
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
            ConfigResource ghost = new ConfigResource(ConfigResource.Type.TOPIC, "ac-ghost");
            AlterConfigsRequest.Config config =
                    new AlterConfigsRequest.Config(List.of(new AlterConfigsRequest.ConfigEntry("segment.ms", "5000")));

            AlterConfigsResponse response = call(
                    new AlterConfigsHandler(broker.configs),
                    new AlterConfigsRequest.Builder(Map.of(resource, config, ghost, config), false),
                    version);

            assertThat(response.errors().get(resource).error()).isEqualTo(Errors.NONE);
            assertThat(response.errors().get(ghost).error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
            broker.await(m -> m.topicConfig(name).equals(Map.of("segment.ms", "5000")));
        }
    }

    @Nested
    class IncrementalAlterConfigs {

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#incrementalAlterConfigsVersions")
        void appliesOperationsToTopicsAndBrokers(short version) {
            String name = "iac-" + version;
            createTopic(name, 1, Map.of());
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, name);
            ConfigResource brokerDefault = new ConfigResource(ConfigResource.Type.BROKER, "");
            ConfigResource invalid = new ConfigResource(ConfigResource.Type.TOPIC, name);
            Map<ConfigResource, Collection<AlterConfigOp>> ops = Map.of(
                    topic,
                    List.of(
                            new AlterConfigOp(new ConfigEntry("retention.ms", "7000"), AlterConfigOp.OpType.SET),
                            new AlterConfigOp(
                                    new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.APPEND)),
                    brokerDefault,
                    List.of(new AlterConfigOp(
                            new ConfigEntry("log.roll.jitter.ms", "100" + version), AlterConfigOp.OpType.SET)));

            IncrementalAlterConfigsResponse response = call(
                    new IncrementalAlterConfigsHandler(broker.configs),
                    new IncrementalAlterConfigsRequest.Builder(ops, false),
                    version);
            IncrementalAlterConfigsResponse rejected = call(
                    new IncrementalAlterConfigsHandler(broker.configs),
                    new IncrementalAlterConfigsRequest.Builder(
                            Map.of(
                                    invalid,
                                    List.of(new AlterConfigOp(
                                            new ConfigEntry("retention.ms", "never"), AlterConfigOp.OpType.SET))),
                            false),
                    version);

            assertThat(response.data().responses())
                    .allSatisfy(r -> assertThat(r.errorCode()).isZero());
            assertThat(rejected.data().responses().get(0).errorCode()).isEqualTo(Errors.INVALID_CONFIG.code());
            broker.await(m ->
                    m.topicConfig(name).equals(Map.of("retention.ms", "7000", "cleanup.policy", "delete,compact")));
            broker.await(m -> m.brokerConfig("<default>").equals(Map.of("log.roll.jitter.ms", "100" + version)));
        }

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#incrementalAlterConfigsVersions")
        void validateOnlyChangesNothing(short version) {
            String name = "iac-dry-" + version;
            createTopic(name, 1, Map.of());
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, name);

            IncrementalAlterConfigsResponse response = call(
                    new IncrementalAlterConfigsHandler(broker.configs),
                    new IncrementalAlterConfigsRequest.Builder(
                            Map.of(
                                    topic,
                                    List.of(new AlterConfigOp(
                                            new ConfigEntry("retention.ms", "1"), AlterConfigOp.OpType.SET))),
                            true),
                    version);

            assertThat(response.data().responses().get(0).errorCode()).isZero();
            assertThat(broker.view.current().topicConfig(name)).isEmpty();
        }
    }

    @Nested
    class DescribeCluster {

        @ParameterizedTest
        @MethodSource("io.runnel.broker.api.admin.AdminHandlersTest#describeClusterVersions")
        void describesLiveBrokersAndController(short version) {
            DescribeClusterResponse response = call(
                    new DescribeClusterHandler(broker.view),
                    new DescribeClusterRequest.Builder(new DescribeClusterRequestData().setEndpointType((byte) 1)),
                    version);

            assertThat(response.data().errorCode()).isZero();
            assertThat(response.data().clusterId())
                    .isEqualTo(broker.view.current().clusterId());
            assertThat(response.data().controllerId()).isEqualTo(1);
            assertThat(response.data().brokers()).singleElement().satisfies(b -> {
                assertThat(b.brokerId()).isEqualTo(1);
                assertThat(b.host()).isEqualTo("broker1.test");
                assertThat(b.port()).isEqualTo(9092);
            });
        }
    }
}
