package io.runnel.broker.zk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.runnel.broker.metadata.TopicAssignment;
import io.runnel.broker.testing.RecordingReplicaListener.BrokerConfigChanged;
import io.runnel.broker.testing.RecordingReplicaListener.Deleted;
import io.runnel.broker.testing.RecordingReplicaListener.Event;
import io.runnel.broker.testing.RecordingReplicaListener.StateChanged;
import io.runnel.broker.testing.RecordingReplicaListener.TopicConfigChanged;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener call that throws leaves its change undelivered: the view delivers it again at its next rebuild, and
 * schedules one after a backoff, since ZooKeeper may not change again soon. Without that, a partition whose log
 * could not be created once stayed missing on its leader until the broker restarted.
 */
class ZkMetadataCacheRetryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int BROKER_ID = 0;
    private static final int OTHER_BROKER_ID = 1;
    private static final String TOPIC = "events";

    @TempDir
    Path dir;

    EmbeddedZooKeeper zookeeper;
    ZkClient zk;
    ExecutorService rebuildThread = Executors.newSingleThreadExecutor();
    ManualRetryTimer retryTimer = new ManualRetryTimer();
    ZkMetadataCache view;

    @BeforeEach
    void startZooKeeper() {
        zookeeper = new EmbeddedZooKeeper(dir.resolve("zk"), 0).start();
        zk = ZkClient.connect(zookeeper.connectString(), Duration.ofSeconds(10), Duration.ofSeconds(5), Time.SYSTEM);
        zk.createPersistentPaths();
        zk.getOrCreateClusterId();
    }

    @AfterEach
    void stop() {
        if (view != null) {
            view.close();
        }
        zk.close();
        zookeeper.stop();
    }

    @Test
    void aPartitionWhoseDeliveryFailedIsDeliveredAgainWithoutAnyZooKeeperChange() throws Exception {
        // given a partition led locally whose log cannot be created when the view starts
        Uuid topicId = createTopicLedLocally(1);
        TopicIdPartition partition = partition(topicId, 0);
        var listener = new FailingReplicaListener(FailingReplicaListener.about(partition));
        startView(listener);
        assertThat(stateChangesOf(listener, partition)).isEmpty();

        // when the cause goes away and the scheduled retry runs, ZooKeeper unchanged
        listener.heal();
        fireRetryAndAwaitIt();

        // then the partition is delivered, as leader
        assertThat(stateChangesOf(listener, partition))
                .singleElement()
                .satisfies(change -> assertThat(change.state().leader()).isEqualTo(BROKER_ID));
    }

    @Test
    void aFailingPartitionDoesNotStopTheOtherPartitionsBeingDelivered() throws Exception {
        // given a topic of three partitions led locally, the log of the second of which cannot be created
        Uuid topicId = createTopicLedLocally(3);
        var listener = new FailingReplicaListener(FailingReplicaListener.about(partition(topicId, 1)));

        // when the view starts
        startView(listener);

        // then the two others are delivered
        assertThat(listener.deliveredOf(StateChanged.class))
                .extracting(StateChanged::partition)
                .containsExactlyInAnyOrder(partition(topicId, 0), partition(topicId, 2));
    }

    @Test
    void aFailedTopicConfigChangeIsDeliveredAgain() throws Exception {
        // given a view delivering to a listener that cannot apply the topic's new config
        createTopicLedLocally(1);
        var listener = new FailingReplicaListener(TopicConfigChanged.class::isInstance);
        startView(listener);

        // when the topic's config changes, the listener fails on it, and the scheduled retry runs once it can
        Map<String, String> overrides = Map.of("retention.ms", "1000");
        zk.curator()
                .create()
                .creatingParentsIfNeeded()
                .forPath(ZkPaths.topicConfig(TOPIC), ConfigEntityZNode.encode(overrides));
        listener.awaitFailure(TIMEOUT);
        awaitRebuilds();
        listener.heal();
        fireRetryAndAwaitIt();

        // then the new config is delivered
        assertThat(listener.deliveredOf(TopicConfigChanged.class))
                .containsExactly(new TopicConfigChanged(TOPIC, overrides));
    }

    @Test
    void aFailedBrokerConfigChangeIsDeliveredAgain() throws Exception {
        // given a view delivering to a listener that cannot apply new cluster-wide broker defaults
        var listener = new FailingReplicaListener(event -> event instanceof BrokerConfigChanged change
                && !change.clusterDefaults().isEmpty());
        startView(listener);

        // when the defaults change, the listener fails on them, and the scheduled retry runs once it can
        Map<String, String> defaults = Map.of("log.retention.ms", "1000");
        ZkTestNodes.createBrokerDefaults(zk, defaults);
        listener.awaitFailure(TIMEOUT);
        awaitRebuilds();
        listener.heal();
        fireRetryAndAwaitIt();

        // then the new defaults are delivered
        assertThat(listener.deliveredOf(BrokerConfigChanged.class))
                .last()
                .isEqualTo(new BrokerConfigChanged(defaults, Map.of()));
    }

    @Test
    void aFailedPartitionDeletionIsDeliveredAgain() throws Exception {
        // given a view that delivered a local partition, to a listener that cannot delete its log
        Uuid topicId = createTopicLedLocally(1);
        TopicIdPartition partition = partition(topicId, 0);
        var listener = new FailingReplicaListener(Deleted.class::isInstance);
        startView(listener);

        // when the partition is moved to another broker, the deletion fails, and the scheduled retry runs once
        // the log can be deleted
        setTopic(TopicAssignment.of(TOPIC, topicId, Map.of(0, List.of(OTHER_BROKER_ID))));
        listener.awaitFailure(TIMEOUT);
        awaitRebuilds();
        listener.heal();
        fireRetryAndAwaitIt();

        // then the deletion is delivered
        assertThat(listener.deliveredOf(Deleted.class)).containsExactly(new Deleted(partition));
    }

    @Test
    void aRecreatedTopicsPartitionWaitsForTheFailedDeletionOfItsPredecessor() throws Exception {
        // given a view that delivered a local partition, to a listener that cannot delete its log
        Uuid oldId = createTopicLedLocally(1);
        TopicIdPartition predecessor = partition(oldId, 0);
        var listener = new FailingReplicaListener(Deleted.class::isInstance);
        startView(listener);
        int delivered = listener.delivered().size();

        // when the topic is deleted and recreated under its name, and the old partition's deletion fails
        Uuid newId = Uuid.randomUuid();
        setTopic(TopicAssignment.of(TOPIC, newId, Map.of(0, List.of(BROKER_ID))));
        listener.awaitFailure(TIMEOUT);
        awaitRebuilds();

        // then the new partition is not delivered (the listener, which knows partitions by name, would take the
        // old log for it, and the deletion's retry would then delete it) until the old one has been deleted
        assertThat(listener.delivered()).hasSize(delivered);
        listener.heal();
        fireRetryAndAwaitIt();
        List<Event> afterRecreation =
                listener.delivered().subList(delivered, listener.delivered().size());
        assertThat(afterRecreation).hasExactlyElementsOfTypes(Deleted.class, StateChanged.class);
        assertThat(afterRecreation)
                .extracting(ZkMetadataCacheRetryTest::partitionOf)
                .containsExactly(predecessor, partition(newId, 0));
    }

    @Test
    void retriesBackOffFrom100MillisecondsDoublingUpTo5Seconds() throws Exception {
        // given a partition whose log can never be created
        Uuid topicId = createTopicLedLocally(1);
        var listener = new FailingReplicaListener(FailingReplicaListener.about(partition(topicId, 0)));

        // when the view starts and every retry fails
        startView(listener);
        for (int retry = 0; retry < 7; retry++) {
            fireRetryAndAwaitIt();
        }

        // then each retry waited twice as long as the one before, but never more than 5 s
        assertThat(retryTimer.delays())
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800),
                        Duration.ofMillis(1600),
                        Duration.ofMillis(3200),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5));
    }

    @Test
    void theBackoffStartsOverOnceEveryChangeIsDelivered() throws Exception {
        // given a view whose partition failed twice and was then delivered by a retry
        Uuid topicId = createTopicLedLocally(1);
        var listener = new FailingReplicaListener(
                FailingReplicaListener.about(partition(topicId, 0)).or(TopicConfigChanged.class::isInstance));
        startView(listener);
        fireRetryAndAwaitIt();
        listener.heal();
        fireRetryAndAwaitIt();
        assertThat(retryTimer.delays()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));

        // when a later delivery fails
        listener.breakAgain();
        zk.curator()
                .create()
                .creatingParentsIfNeeded()
                .forPath(ZkPaths.topicConfig(TOPIC), ConfigEntityZNode.encode(Map.of("retention.ms", "1000")));
        listener.awaitFailure(TIMEOUT);
        awaitRebuilds();

        // then its first retry comes after the shortest backoff again
        assertThat(retryTimer.delays()).last().isEqualTo(Duration.ofMillis(100));
    }

    private void startView(FailingReplicaListener listener) {
        view = new ZkMetadataCache(zk, BROKER_ID, listener, rebuildThread, retryTimer);
        view.start(TIMEOUT);
    }

    /** Runs the retries due and waits until the rebuild they queued (and every one before it) has delivered. */
    private void fireRetryAndAwaitIt() throws Exception {
        retryTimer.fireAll();
        awaitRebuilds();
    }

    private void awaitRebuilds() throws Exception {
        rebuildThread.submit(() -> {}).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private Uuid createTopicLedLocally(int partitions) throws Exception {
        return ZkTestNodes.createTopicLedBy(zk, TOPIC, BROKER_ID, partitions);
    }

    private void setTopic(TopicAssignment topic) throws Exception {
        zk.curator().setData().forPath(TopicZNode.path(topic.name()), TopicZNode.encode(topic));
    }

    private static TopicIdPartition partition(Uuid topicId, int partition) {
        return new TopicIdPartition(topicId, new TopicPartition(TOPIC, partition));
    }

    private static List<StateChanged> stateChangesOf(FailingReplicaListener listener, TopicIdPartition partition) {
        return listener.deliveredOf(StateChanged.class).stream()
                .filter(change -> change.partition().equals(partition))
                .toList();
    }

    private static TopicIdPartition partitionOf(Event event) {
        return switch (event) {
            case StateChanged change -> change.partition();
            case Deleted deleted -> deleted.partition();
            default -> throw new AssertionError("not a partition event: " + event);
        };
    }
}
