package io.runnel.broker.controller;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.PartitionState;
import io.runnel.broker.metadata.TopicAssignment;
import io.runnel.broker.testing.RecordingReplicaListener.Deleted;
import io.runnel.broker.testing.RecordingReplicaListener.StateChanged;
import io.runnel.broker.testing.ZkBroker;
import io.runnel.broker.zk.EmbeddedZooKeeper;
import io.runnel.broker.zk.PartitionStateZNode;
import io.runnel.broker.zk.TopicZNode;
import io.runnel.broker.zk.ZkPaths;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.server.policy.CreateTopicPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TopicCommandsTest {

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

    private CreateTopicResult create(NewTopic topic) {
        return broker.topics.createTopics(List.of(topic), false).join().get(0);
    }

    private Errors createError(NewTopic topic) {
        return create(topic).error().error();
    }

    @Test
    void createdTopicGetsAssignmentStateAndTopicId() throws Exception {
        CreateTopicResult result = create(NewTopic.of("created", 3, 1));

        assertThat(result.error()).isEqualTo(ApiError.NONE);
        assertThat(result.numPartitions()).isEqualTo(3);
        TopicAssignment stored =
                TopicZNode.decode("created", broker.zk.curator().getData().forPath(TopicZNode.path("created")));
        assertThat(stored.topicId()).isEqualTo(result.topicId());
        assertThat(stored.replicas()).isEqualTo(Map.of(0, List.of(1), 1, List.of(1), 2, List.of(1)));
        PartitionState state = PartitionStateZNode.decode(
                new TopicPartition("created", 2),
                broker.zk.curator().getData().forPath(PartitionStateZNode.path(new TopicPartition("created", 2))));
        assertThat(state).isEqualTo(new PartitionState(1, 0, List.of(1), broker.controller.epoch()));
    }

    @Test
    void localListenerLearnsItLeadsEveryNewPartition() {
        CreateTopicResult result = create(NewTopic.of("led", 2, 1).withConfigs(Map.of("retention.ms", "1000")));

        broker.await(m -> m.partitionStates().containsKey(new TopicPartition("led", 1)));
        List<StateChanged> changes = broker.listener.eventsOf(StateChanged.class);
        assertThat(changes)
                .extracting(StateChanged::partition)
                .contains(
                        new TopicIdPartition(result.topicId(), 0, "led"),
                        new TopicIdPartition(result.topicId(), 1, "led"));
        StateChanged first = changes.stream()
                .filter(c -> c.partition().topic().equals("led"))
                .findFirst()
                .orElseThrow();
        assertThat(first.state().leader()).isEqualTo(1);
        assertThat(first.replicas()).containsExactly(1);
        assertThat(first.config()).isEqualTo(Map.of("retention.ms", "1000"));
    }

    @Test
    void defaultsComeFromBrokerConfig() {
        CreateTopicResult result = create(new NewTopic("defaults", -1, (short) -1, Map.of(), Map.of()));

        assertThat(result.numPartitions()).isEqualTo(broker.config.numPartitions());
        assertThat(result.replicationFactor()).isEqualTo(broker.config.defaultReplicationFactor());
    }

    @Test
    void explicitAssignmentIsStoredAsGiven() {
        CreateTopicResult result =
                create(new NewTopic("explicit", -1, (short) -1, Map.of(0, List.of(1), 1, List.of(1)), Map.of()));

        assertThat(result.error()).isEqualTo(ApiError.NONE);
        ClusterMetadata metadata = broker.await(m -> m.topics().containsKey("explicit"));
        assertThat(metadata.topic("explicit").orElseThrow().partitionCount()).isEqualTo(2);
    }

    @Test
    void existingTopicIsTopicAlreadyExists() {
        create(NewTopic.of("twice", 1, 1));

        assertThat(createError(NewTopic.of("twice", 1, 1))).isEqualTo(Errors.TOPIC_ALREADY_EXISTS);
    }

    @Test
    void invalidNamesAreInvalidTopic() {
        assertThat(createError(NewTopic.of("bad/name", 1, 1))).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(createError(NewTopic.of("", 1, 1))).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(createError(NewTopic.of("..", 1, 1))).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
        assertThat(createError(NewTopic.of("x".repeat(250), 1, 1))).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
    }

    @Test
    void dotAndUnderscoreCollisionIsInvalidTopic() {
        create(NewTopic.of("metrics.cpu", 1, 1));

        assertThat(createError(NewTopic.of("metrics_cpu", 1, 1))).isEqualTo(Errors.INVALID_TOPIC_EXCEPTION);
    }

    @Test
    void nonPositivePartitionCountIsInvalidPartitions() {
        assertThat(createError(NewTopic.of("zero", 0, 1))).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(createError(NewTopic.of("negative", -5, 1))).isEqualTo(Errors.INVALID_PARTITIONS);
    }

    @Test
    void replicationFactorAboveLiveBrokersIsInvalidReplicationFactor() {
        assertThat(createError(NewTopic.of("rf2", 1, 2))).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
        assertThat(createError(NewTopic.of("rf0", 1, 0))).isEqualTo(Errors.INVALID_REPLICATION_FACTOR);
    }

    @Test
    void invalidOrUnknownConfigIsInvalidConfig() {
        assertThat(createError(NewTopic.of("badconfig", 1, 1).withConfigs(Map.of("retention.ms", "soon"))))
                .isEqualTo(Errors.INVALID_CONFIG);
        assertThat(createError(NewTopic.of("unknownconfig", 1, 1).withConfigs(Map.of("no.such.config", "1"))))
                .isEqualTo(Errors.INVALID_CONFIG);
        assertThat(createError(NewTopic.of("policyvalue", 1, 1).withConfigs(Map.of("cleanup.policy", "shred"))))
                .isEqualTo(Errors.INVALID_CONFIG);
    }

    @Test
    void badExplicitAssignmentsAreInvalidReplicaAssignment() {
        assertThat(createError(new NewTopic("dup", -1, (short) -1, Map.of(0, List.of(1, 1)), Map.of())))
                .isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(createError(new NewTopic("gap", -1, (short) -1, Map.of(1, List.of(1)), Map.of())))
                .isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
        assertThat(createError(new NewTopic("unknownbroker", -1, (short) -1, Map.of(0, List.of(7)), Map.of())))
                .isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
    }

    @Test
    void assignmentTogetherWithCountsIsInvalidRequest() {
        assertThat(createError(new NewTopic("both", 1, (short) -1, Map.of(0, List.of(1)), Map.of())))
                .isEqualTo(Errors.INVALID_REQUEST);
    }

    @Test
    void validateOnlyWritesNothing() throws Exception {
        CreateTopicResult result = broker.topics
                .createTopics(List.of(NewTopic.of("dryrun", 4, 1)), true)
                .join()
                .get(0);

        assertThat(result.error()).isEqualTo(ApiError.NONE);
        assertThat(result.numPartitions()).isEqualTo(4);
        assertThat(broker.zk.curator().checkExists().forPath(TopicZNode.path("dryrun")))
                .isNull();
    }

    @Test
    void policyRejectionIsPolicyViolation() {
        broker.close();
        CreateTopicPolicy policy = new CreateTopicPolicy() {
            @Override
            public void validate(RequestMetadata request) {
                if (request.numPartitions() != null && request.numPartitions() > 2) {
                    throw new PolicyViolationException("at most 2 partitions");
                }
            }

            @Override
            public void configure(Map<String, ?> configs) {}

            @Override
            public void close() {}
        };
        broker = new ZkBroker(zookeeper, ZkBroker.config(1, "localhost", 9093, Map.of()), Optional.of(policy));

        assertThat(createError(NewTopic.of("toowide", 3, 1))).isEqualTo(Errors.POLICY_VIOLATION);
        assertThat(createError(NewTopic.of("narrow", 2, 1))).isEqualTo(Errors.NONE);
    }

    @Test
    void deletedTopicDisappearsAndLocalReplicasAreDropped() throws Exception {
        CreateTopicResult result = create(NewTopic.of("doomed", 1, 1));
        broker.await(m -> m.partitionStates().containsKey(new TopicPartition("doomed", 0)));

        Map<String, ApiError> errors =
                broker.topics.deleteTopics(List.of("doomed")).join();

        assertThat(errors).isEqualTo(Map.of("doomed", ApiError.NONE));
        assertThat(broker.zk.curator().checkExists().forPath(TopicZNode.path("doomed")))
                .isNull();
        assertThat(broker.zk.curator().checkExists().forPath(ZkPaths.topicConfig("doomed")))
                .isNull();
        assertThat(broker.zk.curator().checkExists().forPath(ZkPaths.deleteTopic("doomed")))
                .isNull();
        broker.await(m -> !m.topics().containsKey("doomed"));
        assertThat(broker.listener.eventsOf(Deleted.class))
                .contains(new Deleted(new TopicIdPartition(result.topicId(), 0, "doomed")));
    }

    @Test
    void deletingAnUnknownTopicIsUnknownTopicOrPartition() {
        Map<String, ApiError> errors =
                broker.topics.deleteTopics(List.of("ghost")).join();

        assertThat(errors.get("ghost").error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
    }

    @Test
    void deletionQueuedByOtherToolsIsProcessedByTheController() throws Exception {
        create(NewTopic.of("queued", 1, 1));

        broker.zk.curator().create().forPath(ZkPaths.deleteTopic("queued"));

        broker.await(m ->
                !m.topics().containsKey("queued") && m.topicsPendingDeletion().isEmpty());
    }

    @Test
    void createPartitionsGrowsTheTopicAndInitializesNewPartitions() {
        create(NewTopic.of("growing", 1, 1));

        Map<String, ApiError> errors = broker.topics
                .createPartitions(List.of(new NewPartitions("growing", 3, null)), false)
                .join();

        assertThat(errors.get("growing")).isEqualTo(ApiError.NONE);
        ClusterMetadata metadata = broker.await(m -> m.partitionStates().containsKey(new TopicPartition("growing", 2)));
        assertThat(metadata.topic("growing").orElseThrow().partitionCount()).isEqualTo(3);
    }

    @Test
    void everyPartitionOfATopicLargerThanOneZooKeeperWriteGetsItsState() throws Exception {
        int partitions = ZkController.PARTITIONS_PER_WRITE + 50;

        CreateTopicResult result = create(NewTopic.of("wide", partitions, 1));

        assertThat(result.error()).isEqualTo(ApiError.NONE);
        for (int p = 0; p < partitions; p++) {
            var tp = new TopicPartition("wide", p);
            assertThat(PartitionStateZNode.decode(
                            tp, broker.zk.curator().getData().forPath(PartitionStateZNode.path(tp))))
                    .as("state of %s", tp)
                    .isEqualTo(new PartitionState(1, 0, List.of(1), broker.controller.epoch()));
        }
    }

    @Test
    void newPartitionsAreInitializedEvenWhereAPartitionZnodeIsLeftOver() throws Exception {
        // given a topic with one partition, and partition 2's znode left without state (a controller that failed
        // between the two writes of the one-partition-at-a-time path)
        create(NewTopic.of("leftover", 1, 1));
        broker.zk.curator().create().forPath(ZkPaths.partition(new TopicPartition("leftover", 2)), new byte[0]);

        // when it grows to three partitions
        Map<String, ApiError> errors = broker.topics
                .createPartitions(List.of(new NewPartitions("leftover", 3, null)), false)
                .join();

        // then both new partitions have a state
        assertThat(errors.get("leftover")).isEqualTo(ApiError.NONE);
        for (int p = 1; p < 3; p++) {
            var tp = new TopicPartition("leftover", p);
            assertThat(broker.zk.curator().checkExists().forPath(PartitionStateZNode.path(tp)))
                    .as("state of %s", tp)
                    .isNotNull();
        }
    }

    @Test
    void createPartitionsErrors() {
        create(NewTopic.of("fixed", 2, 1));

        Map<String, ApiError> errors = broker.topics
                .createPartitions(
                        List.of(new NewPartitions("fixed", 1, null), new NewPartitions("ghost", 3, null)), false)
                .join();
        Map<String, ApiError> same = broker.topics
                .createPartitions(List.of(new NewPartitions("fixed", 2, null)), false)
                .join();
        Map<String, ApiError> wrongAssignment = broker.topics
                .createPartitions(List.of(new NewPartitions("fixed", 4, List.of(List.of(1)))), false)
                .join();

        assertThat(errors.get("fixed").error()).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(errors.get("ghost").error()).isEqualTo(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        assertThat(same.get("fixed").error()).isEqualTo(Errors.INVALID_PARTITIONS);
        assertThat(wrongAssignment.get("fixed").error()).isEqualTo(Errors.INVALID_REPLICA_ASSIGNMENT);
    }

    @Test
    void restartedBrokerSeesTopicsConfigsAndItsReplicas() {
        CreateTopicResult result = create(NewTopic.of("durable", 2, 1).withConfigs(Map.of("segment.bytes", "4096")));
        broker.close();
        zookeeper.stop();
        zookeeper = new EmbeddedZooKeeper(dir.resolve("zk"), 0).start();

        broker = ZkBroker.start(zookeeper, 1);

        ClusterMetadata metadata = broker.view.current();
        assertThat(metadata.topic("durable").orElseThrow().topicId()).isEqualTo(result.topicId());
        assertThat(metadata.topicConfig("durable")).isEqualTo(Map.of("segment.bytes", "4096"));
        assertThat(broker.listener.eventsOf(StateChanged.class))
                .extracting(StateChanged::partition)
                .contains(new TopicIdPartition(result.topicId(), 1, "durable"));
    }
}
