package io.runnel.broker.zk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.ConfigEntity;
import io.runnel.broker.metadata.LiveBroker;
import io.runnel.broker.metadata.LocalReplicaListener;
import io.runnel.broker.metadata.MetadataView;
import io.runnel.broker.metadata.PartitionState;
import io.runnel.broker.metadata.TopicAssignment;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.kafka.common.TopicIdPartition;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MetadataView} of one broker, mirrored from ZooKeeper with Curator caches (persistent recursive
 * watches) on {@code /brokers}, {@code /config/topics}, {@code /config/brokers}, {@code /controller},
 * {@code /cluster} and {@code /admin/delete_topics}.
 *
 * <p>Every cache event schedules a rebuild of the whole {@link ClusterMetadata} snapshot on one thread; bursts
 * of events (a topic with many partitions) coalesce into one rebuild. Each rebuilt snapshot is diffed against
 * what the {@link LocalReplicaListener} was last told, and the differences are delivered on that same thread,
 * before the snapshot is published to {@link #awaitUntil} waiters. A znode that does not parse is logged and
 * left out rather than failing the whole view.
 *
 * <p>A partition missing from a snapshot is reported deleted, and the broker deletes its log: so a snapshot must
 * only ever be read from caches that hold the cluster's state. {@link #close()} therefore stops the rebuilds
 * before it closes the caches (which empties them).
 */
public final class ZkMetadataCache implements MetadataView, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZkMetadataCache.class);

    /** How long {@link #close()} waits for the delivery in progress (which may create or delete logs). */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private static final List<String> WATCHED_ROOTS = List.of(
            ZkPaths.BROKERS,
            ZkPaths.CONFIG_TOPICS,
            ZkPaths.CONFIG_BROKERS,
            ControllerZNode.PATH,
            ZkPaths.CLUSTER,
            ZkPaths.DELETE_TOPICS);

    private final ZkClient zk;
    private final int localBrokerId;
    private final LocalReplicaListener listener;
    private final ExecutorService thread;
    private final AtomicBoolean rebuildPending = new AtomicBoolean();
    private final List<CuratorCache> caches = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();

    private volatile ClusterMetadata current = ClusterMetadata.EMPTY;
    private volatile boolean closed;

    // Confined to the rebuild thread: what the listener has been told so far.
    private final Map<TopicIdPartition, LocalReplica> deliveredReplicas = new HashMap<>();
    private final Map<String, Map<String, String>> deliveredTopicConfigs = new HashMap<>();
    private BrokerConfigEntries deliveredBrokerConfig;

    private record BrokerConfigEntries(Map<String, String> clusterDefaults, Map<String, String> perBroker) {}

    private record LocalReplica(List<Integer> replicas, PartitionState state) {}

    private record Waiter(Predicate<ClusterMetadata> condition, CompletableFuture<ClusterMetadata> future) {}

    public ZkMetadataCache(ZkClient zk, int localBrokerId, LocalReplicaListener listener) {
        this(zk, localBrokerId, listener, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metadata-view-" + localBrokerId);
            t.setDaemon(true);
            return t;
        }));
    }

    /** @param rebuildThread a single-thread executor, which rebuilds and deliveries run on (tests pace it) */
    ZkMetadataCache(ZkClient zk, int localBrokerId, LocalReplicaListener listener, ExecutorService rebuildThread) {
        this.zk = zk;
        this.localBrokerId = localBrokerId;
        this.listener = listener;
        this.thread = rebuildThread;
    }

    /**
     * Loads the current metadata and delivers the initial listener calls before returning.
     *
     * @throws ZkUnavailableException if the caches do not load within {@code timeout}
     */
    public void start(Duration timeout) {
        CountDownLatch initialized = new CountDownLatch(WATCHED_ROOTS.size());
        for (String root : WATCHED_ROOTS) {
            CuratorCache cache = CuratorCache.build(zk.curator(), root);
            cache.listenable()
                    .addListener(CuratorCacheListener.builder()
                            .forAll((type, oldData, data) -> scheduleRebuild())
                            .forInitialized(initialized::countDown)
                            .build());
            caches.add(cache);
            cache.start();
        }
        try {
            if (!initialized.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ZkUnavailableException("metadata not loaded from ZooKeeper within " + timeout);
            }
            thread.submit(this::rebuild).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZkUnavailableException("interrupted while loading metadata");
        } catch (ExecutionException | TimeoutException e) {
            throw new ZkUnavailableException("initial metadata load failed", e);
        }
    }

    @Override
    public int localBrokerId() {
        return localBrokerId;
    }

    @Override
    public ClusterMetadata current() {
        return current;
    }

    @Override
    public CompletableFuture<ClusterMetadata> awaitUntil(Predicate<ClusterMetadata> condition) {
        CompletableFuture<ClusterMetadata> future = new CompletableFuture<>();
        synchronized (waiters) {
            ClusterMetadata snapshot = current;
            if (condition.test(snapshot)) {
                future.complete(snapshot);
            } else {
                waiters.add(new Waiter(condition, future));
            }
        }
        return future;
    }

    private void scheduleRebuild() {
        if (rebuildPending.compareAndSet(false, true)) {
            try {
                thread.execute(this::rebuild);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // closing
            }
        }
    }

    private void rebuild() {
        rebuildPending.set(false);
        if (closed) {
            // The caches may be closing, and a closed cache is empty: its topics would read as deleted.
            return;
        }
        ClusterMetadata snapshot;
        try {
            snapshot = readSnapshot();
        } catch (RuntimeException e) {
            log.error("Failed to rebuild the metadata view; keeping the previous one", e);
            return;
        }
        deliverChanges(snapshot);
        publish(snapshot);
    }

    private ClusterMetadata readSnapshot() {
        String clusterId = null;
        int controllerId = -1;
        Map<Integer, LiveBroker> brokers = new HashMap<>();
        Map<String, TopicAssignment> topics = new HashMap<>();
        Map<TopicPartition, PartitionState> states = new HashMap<>();
        Map<String, Map<String, String>> topicConfigs = new HashMap<>();
        Map<String, Map<String, String>> brokerConfigs = new HashMap<>();
        Set<String> pendingDeletion = new HashSet<>();
        for (CuratorCache cache : caches) {
            for (ChildData node : (Iterable<ChildData>) cache.stream()::iterator) {
                String path = node.getPath();
                byte[] data = node.getData();
                try {
                    String[] parts = path.substring(1).split("/");
                    if (path.equals(ClusterIdZNode.PATH)) {
                        clusterId = ClusterIdZNode.decode(data);
                    } else if (path.equals(ControllerZNode.PATH)) {
                        controllerId = ControllerZNode.decode(data);
                    } else if (parts.length == 3 && path.startsWith(ZkPaths.BROKER_IDS + "/")) {
                        int id = Integer.parseInt(parts[2]);
                        brokers.put(id, BrokerIdZNode.decode(id, data));
                    } else if (parts.length == 3 && path.startsWith(ZkPaths.TOPICS + "/")) {
                        topics.put(parts[2], TopicZNode.decode(parts[2], data));
                    } else if (parts.length == 6 && path.startsWith(ZkPaths.TOPICS + "/") && parts[5].equals("state")) {
                        TopicPartition tp = new TopicPartition(parts[2], Integer.parseInt(parts[4]));
                        states.put(tp, PartitionStateZNode.decode(tp, data));
                    } else if (parts.length == 3 && path.startsWith(ZkPaths.CONFIG_TOPICS + "/")) {
                        topicConfigs.put(parts[2], ConfigEntityZNode.decode(path, data));
                    } else if (parts.length == 3 && path.startsWith(ZkPaths.CONFIG_BROKERS + "/")) {
                        brokerConfigs.put(parts[2], ConfigEntityZNode.decode(path, data));
                    } else if (parts.length == 3 && path.startsWith(ZkPaths.DELETE_TOPICS + "/")) {
                        pendingDeletion.add(parts[2]);
                    }
                } catch (ZNodeFormatException | NumberFormatException e) {
                    log.warn("Ignoring unreadable znode {}: {}", path, e.getMessage());
                }
            }
        }
        // A state znode can outlive its topic znode for a moment while the controller deletes the topic.
        states.keySet().removeIf(tp -> !topics.containsKey(tp.topic()));
        topicConfigs.values().removeIf(Map::isEmpty);
        brokerConfigs.values().removeIf(Map::isEmpty);
        return new ClusterMetadata(
                clusterId, controllerId, brokers, topics, states, topicConfigs, brokerConfigs, pendingDeletion);
    }

    private void deliverChanges(ClusterMetadata snapshot) {
        Map<TopicIdPartition, LocalReplica> local = new HashMap<>();
        Set<String> localTopics = new HashSet<>();
        for (TopicAssignment topic : snapshot.topics().values()) {
            topic.replicas().forEach((partition, replicas) -> {
                if (replicas.contains(localBrokerId)) {
                    TopicPartition tp = new TopicPartition(topic.name(), partition);
                    PartitionState state = snapshot.partitionStates().get(tp);
                    if (state != null) {
                        local.put(new TopicIdPartition(topic.topicId(), tp), new LocalReplica(replicas, state));
                        localTopics.add(topic.name());
                    }
                }
            });
        }

        for (Iterator<TopicIdPartition> it = deliveredReplicas.keySet().iterator(); it.hasNext(); ) {
            TopicIdPartition partition = it.next();
            if (!local.containsKey(partition)) {
                it.remove();
                notify(() -> listener.onPartitionDeleted(partition));
            }
        }
        deliveredTopicConfigs.keySet().retainAll(localTopics);

        BrokerConfigEntries brokerConfig = new BrokerConfigEntries(
                snapshot.brokerConfig(ConfigEntity.DEFAULT_BROKER),
                snapshot.brokerConfig(Integer.toString(localBrokerId)));
        if (!brokerConfig.equals(deliveredBrokerConfig)) {
            deliveredBrokerConfig = brokerConfig;
            notify(() -> listener.onBrokerConfigChanged(brokerConfig.clusterDefaults(), brokerConfig.perBroker()));
        }

        for (String topic : localTopics) {
            Map<String, String> config = snapshot.topicConfig(topic);
            Map<String, String> previous = deliveredTopicConfigs.put(topic, config);
            if (previous != null && !previous.equals(config)) {
                notify(() -> listener.onTopicConfigChanged(topic, config));
            }
        }

        local.forEach((partition, replica) -> {
            LocalReplica previous = deliveredReplicas.put(partition, replica);
            if (!Objects.equals(previous, replica)) {
                Map<String, String> config = snapshot.topicConfig(partition.topic());
                notify(() -> listener.onPartitionStateChanged(partition, replica.replicas(), replica.state(), config));
            }
        });
    }

    private void notify(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("Local replica listener failed", e);
        }
    }

    private void publish(ClusterMetadata snapshot) {
        List<Waiter> satisfied = new ArrayList<>();
        synchronized (waiters) {
            current = snapshot;
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter waiter = it.next();
                if (waiter.future().isDone()) {
                    it.remove();
                } else if (waiter.condition().test(snapshot)) {
                    it.remove();
                    satisfied.add(waiter);
                }
            }
        }
        satisfied.forEach(w -> w.future().complete(snapshot));
    }

    /**
     * Stops delivering, then closes the caches. A rebuild already under way read intact caches and is let finish
     * its delivery, so that the listener is done (e.g. with a log it was creating) when this returns; the broker
     * closes its log store next. It is not interrupted: an interrupt during file I/O would close the log's
     * channel.
     */
    @Override
    public void close() {
        closed = true;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("The metadata view's delivery in progress did not finish within {}", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        caches.forEach(CuratorCache::close);
        synchronized (waiters) {
            waiters.forEach(w -> w.future().cancel(false));
            waiters.clear();
        }
    }
}
