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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
 * <p>A change counts as delivered only once its listener call has returned. A call that throws (the listener
 * could not create a partition's log: a full disk, too many open files) is logged, and its change stays
 * undelivered: the listener's state for that partition or config is taken as unknown, so the next rebuild
 * delivers it again, with ZooKeeper's state of then, even if that state equals the one delivered before the
 * failure. The other changes of the rebuild are still delivered, except that a partition whose older
 * incarnation (a deleted topic of the same name) could not be deleted waits for that deletion, which would
 * otherwise remove the new partition's log. Since ZooKeeper may not change again soon, a rebuild that left a
 * change undelivered schedules a retry rebuild after a backoff ({@link #FIRST_RETRY_BACKOFF}, doubling up to
 * {@link #MAX_RETRY_BACKOFF}, reset once a rebuild delivers everything); a rebuild triggered by ZooKeeper in the
 * meantime retries too. Kafka also handles a failed change again at its next metadata update, and takes the
 * failing log directory offline so that leadership moves elsewhere; Runnel has no log directory failure handling,
 * so retrying is what brings the partition back.
 *
 * <p>A partition missing from a snapshot is reported deleted, and the broker deletes its log: so a snapshot must
 * only ever be read from caches that hold the cluster's state. {@link #close()} therefore stops the rebuilds
 * before it closes the caches (which empties them).
 */
public final class ZkMetadataCache implements MetadataView, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ZkMetadataCache.class);

    /** How long {@link #close()} waits for the delivery in progress (which may create or delete logs). */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The wait before the first retry of a failed delivery. A transient cause (file descriptors or disk space
     * freed a moment later) has usually cleared by then, and until the retry a partition ZooKeeper says this
     * broker leads is missing here, failing its clients' requests: so the first retry comes soon (Kafka's
     * {@code retry.backoff.ms} default too).
     */
    static final Duration FIRST_RETRY_BACKOFF = Duration.ofMillis(100);

    /**
     * The longest wait between retries, which double from {@link #FIRST_RETRY_BACKOFF}. A lasting failure (a full
     * disk) then costs one rebuild of the whole snapshot and one logged error per failing change every 5 s rather
     * than a busy loop on the thread that all metadata events wait for, while the partition still comes back
     * within 5 s of its cause being fixed.
     */
    static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(5);

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
    private final RetryTimer retryTimer;
    private final AtomicBoolean rebuildPending = new AtomicBoolean();
    private final List<CuratorCache> caches = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();

    private volatile ClusterMetadata current = ClusterMetadata.EMPTY;
    private volatile boolean closed;

    // Confined to the rebuild thread: what the listener has been told so far. A change whose listener call threw
    // is recorded as UNDELIVERED (the listener may hold the partition or config in any state), which differs
    // from every state of ZooKeeper and so is delivered again; for the broker config, null plays that part.
    private final Map<TopicIdPartition, LocalReplica> deliveredReplicas = new HashMap<>();
    private final Map<String, Map<String, String>> deliveredTopicConfigs = new HashMap<>();
    private BrokerConfigEntries deliveredBrokerConfig;

    // Set when a retry is scheduled, cleared when it fires (before it queues its rebuild, which may schedule the
    // next one at once): whether the retry's future is done yet would race with that rebuild if the timer is not
    // the rebuild thread itself.
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private Duration nextRetryBackoff = FIRST_RETRY_BACKOFF;

    private record BrokerConfigEntries(Map<String, String> clusterDefaults, Map<String, String> perBroker) {}

    private record LocalReplica(List<Integer> replicas, PartitionState state) {
        /** Not a state ZooKeeper holds (a partition always has one): equals no delivered replica. */
        static final LocalReplica UNDELIVERED = new LocalReplica(List.of(), null);
    }

    /** Compared by identity: a config the listener failed to take, unequal to every config read from ZooKeeper. */
    private static final Map<String, String> UNDELIVERED_CONFIG = new HashMap<>();

    private record Waiter(Predicate<ClusterMetadata> condition, CompletableFuture<ClusterMetadata> future) {}

    /**
     * Runs the retry of a failed delivery once, after a delay, on any thread (the retry only schedules a
     * rebuild). Tests fire retries by hand instead of waiting out the backoff.
     */
    @FunctionalInterface
    interface RetryTimer {
        void schedule(Duration delay, Runnable retry);
    }

    public ZkMetadataCache(ZkClient zk, int localBrokerId, LocalReplicaListener listener) {
        this(zk, localBrokerId, listener, rebuildThread(localBrokerId));
    }

    private ZkMetadataCache(
            ZkClient zk, int localBrokerId, LocalReplicaListener listener, ScheduledThreadPoolExecutor thread) {
        this(
                zk,
                localBrokerId,
                listener,
                thread,
                (delay, retry) -> thread.schedule(retry, delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * @param rebuildThread a single-thread executor, which rebuilds and deliveries run on (tests pace it)
     * @param retryTimer schedules the retries of failed deliveries
     */
    ZkMetadataCache(
            ZkClient zk,
            int localBrokerId,
            LocalReplicaListener listener,
            ExecutorService rebuildThread,
            RetryTimer retryTimer) {
        this.zk = zk;
        this.localBrokerId = localBrokerId;
        this.listener = listener;
        this.thread = rebuildThread;
        this.retryTimer = retryTimer;
    }

    /** One thread for the rebuilds and for the timer of their retries, which only queue a rebuild on it. */
    private static ScheduledThreadPoolExecutor rebuildThread(int localBrokerId) {
        var thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "metadata-view-" + localBrokerId);
            t.setDaemon(true);
            return t;
        });
        // close() shuts the thread down and waits for it: it must drop a retry that is not due yet, not wait for it.
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return thread;
    }

    /**
     * Loads the current metadata and delivers the initial listener calls before returning. A call that fails does
     * not fail the start: it is retried in the background, as any failed delivery.
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
            } catch (RejectedExecutionException closed) {
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
        boolean allDelivered = deliverChanges(snapshot);
        publish(snapshot);
        if (allDelivered) {
            nextRetryBackoff = FIRST_RETRY_BACKOFF;
        } else {
            scheduleRetry();
        }
    }

    /** Schedules a rebuild after the backoff, unless one is already scheduled: it will retry every change. */
    private void scheduleRetry() {
        if (closed || !retryScheduled.compareAndSet(false, true)) {
            return;
        }
        Duration backoff = nextRetryBackoff;
        try {
            retryTimer.schedule(backoff, this::retry);
        } catch (RejectedExecutionException e) {
            retryScheduled.set(false);
            return; // closing
        }
        log.warn("Retrying the undelivered metadata changes in {} ms", backoff.toMillis());
        Duration doubled = backoff.multipliedBy(2);
        nextRetryBackoff = doubled.compareTo(MAX_RETRY_BACKOFF) < 0 ? doubled : MAX_RETRY_BACKOFF;
    }

    private void retry() {
        retryScheduled.set(false);
        if (!closed) {
            scheduleRebuild();
        }
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

    /**
     * Tells the listener how {@code snapshot} differs from what it was told before.
     *
     * @return whether every listener call succeeded; if not, the failed changes are left undelivered
     */
    private boolean deliverChanges(ClusterMetadata snapshot) {
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
        boolean allDelivered = true;

        // The listener keys partitions by name: the log of a deleted topic's partition that the listener could not
        // delete must not become the log of a recreated topic's partition of the same name, nor be deleted later
        // from under it. So such a partition waits until the deletion has succeeded.
        Set<TopicPartition> undeletedPartitions = new HashSet<>();
        for (var it = deliveredReplicas.entrySet().iterator(); it.hasNext(); ) {
            var delivered = it.next();
            TopicIdPartition partition = delivered.getKey();
            if (!local.containsKey(partition)) {
                if (deliver(() -> listener.onPartitionDeleted(partition))) {
                    it.remove();
                } else {
                    // Kept, so that it is deleted again; or, if it comes back, its state is delivered again.
                    delivered.setValue(LocalReplica.UNDELIVERED);
                    undeletedPartitions.add(partition.topicPartition());
                    allDelivered = false;
                }
            }
        }
        deliveredTopicConfigs.keySet().retainAll(localTopics);

        BrokerConfigEntries brokerConfig = new BrokerConfigEntries(
                snapshot.brokerConfig(ConfigEntity.DEFAULT_BROKER),
                snapshot.brokerConfig(Integer.toString(localBrokerId)));
        if (!brokerConfig.equals(deliveredBrokerConfig)) {
            if (deliver(
                    () -> listener.onBrokerConfigChanged(brokerConfig.clusterDefaults(), brokerConfig.perBroker()))) {
                deliveredBrokerConfig = brokerConfig;
            } else {
                deliveredBrokerConfig = null;
                allDelivered = false;
            }
        }

        // Before the partitions' states, as today: a partition's state call carries its topic's config anyway, so
        // one whose topic config failed is still delivered, "together with" the config.
        for (String topic : localTopics) {
            Map<String, String> config = snapshot.topicConfig(topic);
            Map<String, String> previous = deliveredTopicConfigs.get(topic);
            if (previous == null) {
                // A topic new to this broker: its config comes with its partitions' first state.
                deliveredTopicConfigs.put(topic, config);
            } else if (previous == UNDELIVERED_CONFIG || !previous.equals(config)) {
                if (deliver(() -> listener.onTopicConfigChanged(topic, config))) {
                    deliveredTopicConfigs.put(topic, config);
                } else {
                    deliveredTopicConfigs.put(topic, UNDELIVERED_CONFIG);
                    allDelivered = false;
                }
            }
        }

        for (var entry : local.entrySet()) {
            TopicIdPartition partition = entry.getKey();
            LocalReplica replica = entry.getValue();
            if (Objects.equals(deliveredReplicas.get(partition), replica)) {
                continue;
            }
            if (undeletedPartitions.contains(partition.topicPartition())) {
                allDelivered = false;
                continue;
            }
            Map<String, String> config = snapshot.topicConfig(partition.topic());
            if (deliver(
                    () -> listener.onPartitionStateChanged(partition, replica.replicas(), replica.state(), config))) {
                deliveredReplicas.put(partition, replica);
            } else {
                // Recorded even if it is new: the listener may have created its log before failing, which a
                // deletion of the partition must then remove.
                deliveredReplicas.put(partition, LocalReplica.UNDELIVERED);
                allDelivered = false;
            }
        }
        return allDelivered;
    }

    /** @return whether {@code call} returned; if it threw, the failure is logged */
    private boolean deliver(Runnable call) {
        try {
            call.run();
            return true;
        } catch (RuntimeException e) {
            log.error("Local replica listener failed; the change will be delivered again", e);
            return false;
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
     * channel. A retry of failed deliveries that is pending is dropped, and none is scheduled from now on: a
     * retry after close would deliver to a listener whose logs are closed.
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
