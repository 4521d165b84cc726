package io.runnel.broker.controller;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.runnel.broker.config.BrokerConfig;
import io.runnel.broker.metadata.PartitionState;
import io.runnel.broker.metadata.TopicAssignment;
import io.runnel.broker.zk.ConfigEntityZNode;
import io.runnel.broker.zk.ControllerEpochZNode;
import io.runnel.broker.zk.ControllerZNode;
import io.runnel.broker.zk.PartitionStateZNode;
import io.runnel.broker.zk.TopicZNode;
import io.runnel.broker.zk.ZNodeFormatException;
import io.runnel.broker.zk.ZkClient;
import io.runnel.broker.zk.ZkPaths;
import io.runnel.broker.zk.ZkUnavailableException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicaAssignmentException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.Topic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ApiError;
import org.apache.kafka.server.policy.CreateTopicPolicy;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller of a ZooKeeper-based Runnel cluster, one instance per broker. Every instance races for the
 * ephemeral {@code /controller} znode; the winner increments {@code /controller_epoch} with a conditional set
 * and becomes the single writer of topic and partition state until its session ends. The others watch
 * {@code /controller} and race again when it disappears.
 *
 * <p>While active, the controller:
 *
 * <ul>
 *   <li>executes topic commands ({@link TopicCommands}); an inactive instance fails them with NOT_CONTROLLER;
 *   <li>keeps every partition's state znode consistent with the live brokers: creates the state of new
 *       partitions (leader = first live replica, ISR = live replicas), elects a new leader from the live ISR
 *       when a leader's broker disappears (bumping the leader epoch), and removes dead brokers from ISRs;
 *   <li>deletes the topics queued in {@code /admin/delete_topics}, whoever queued them;
 *   <li>gives a topic id to topics created without one (Kafka before 2.8).
 * </ul>
 *
 * <p>All of this runs on one thread, so commands and reconciliation never interleave. Every state write is a
 * ZooKeeper multi that also checks the {@code /controller_epoch} znode version this controller wrote: a
 * deposed controller (whose session expired while it was paused) cannot overwrite its successor's state; it
 * notices the failed check and resigns.
 */
public final class ZkController implements TopicCommands, AutoCloseable {

    /** Partitions initialized per ZooKeeper transaction: two small znodes each, far below jute.maxbuffer (1 MiB). */
    static final int PARTITIONS_PER_WRITE = 200;

    private static final Logger log = LoggerFactory.getLogger(ZkController.class);

    private final ZkClient zk;
    private final CuratorFramework curator;
    private final int brokerId;
    private final BrokerConfig config;
    private final ReplicaAssigner assigner;
    private final Optional<CreateTopicPolicy> createTopicPolicy;
    private final ExecutorService thread;
    private final AtomicBoolean reconcilePending = new AtomicBoolean();
    private final Watcher controllerWatcher = this::onControllerZNodeEvent;
    private final Watcher changeWatcher = event -> scheduleReconcile();
    private final ConnectionStateListener connectionListener = this::onConnectionStateChange;

    private volatile boolean active;
    private volatile int epoch = -1;
    private volatile boolean closed;
    private int epochZkVersion = -1;

    public ZkController(
            ZkClient zk,
            int brokerId,
            BrokerConfig config,
            ReplicaAssigner assigner,
            Optional<CreateTopicPolicy> createTopicPolicy) {
        this.zk = zk;
        this.curator = zk.curator();
        this.brokerId = brokerId;
        this.config = config;
        this.assigner = assigner;
        this.createTopicPolicy = createTopicPolicy;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "controller-" + brokerId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Joins the controller election; completes once the first attempt is decided (won or lost). */
    public CompletableFuture<Void> start() {
        curator.getConnectionStateListenable().addListener(connectionListener);
        return submit(() -> {
            elect();
            return null;
        });
    }

    public boolean isActive() {
        return active;
    }

    /** The controller epoch this instance won, -1 if it never won. */
    public int epoch() {
        return epoch;
    }

    public int brokerId() {
        return brokerId;
    }

    // ---------------------------------------------------------------- election

    private void onControllerZNodeEvent(WatchedEvent event) {
        if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
            submitQuietly(this::elect);
        } else if (event.getType() != Watcher.Event.EventType.None) {
            submitQuietly(this::watchController);
        }
    }

    private void onConnectionStateChange(CuratorFramework client, ConnectionState state) {
        if (state == ConnectionState.LOST && active) {
            // The session is gone, and with it /controller: another broker may already be controller.
            log.warn("Broker {} lost its ZooKeeper session while controller (epoch {})", brokerId(), epoch);
            active = false;
        } else if (state == ConnectionState.RECONNECTED) {
            submitQuietly(this::elect);
        }
    }

    private void elect() throws Exception {
        if (closed || active) {
            return;
        }
        try {
            curator.create()
                    .withMode(CreateMode.EPHEMERAL)
                    .forPath(
                            ControllerZNode.PATH,
                            ControllerZNode.encode(brokerId(), zk.time().milliseconds()));
        } catch (KeeperException.NodeExistsException e) {
            if (!ownsControllerZNode()) {
                watchController();
                return;
            }
        }
        try {
            incrementEpoch();
        } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException e) {
            log.warn("Broker {} won /controller but another controller changed the epoch; resigning", brokerId());
            resign();
            return;
        }
        active = true;
        log.info("Broker {} is the controller, epoch {}", brokerId(), epoch);
        watchController();
        reconcile();
    }

    private void watchController() throws Exception {
        if (closed) {
            return;
        }
        if (curator.checkExists().usingWatcher(controllerWatcher).forPath(ControllerZNode.PATH) == null) {
            elect();
        }
    }

    private boolean ownsControllerZNode() throws Exception {
        Stat stat = new Stat();
        try {
            byte[] data = curator.getData().storingStatIn(stat).forPath(ControllerZNode.PATH);
            long session = curator.getZookeeperClient().getZooKeeper().getSessionId();
            return stat.getEphemeralOwner() == session && ControllerZNode.decode(data) == brokerId();
        } catch (KeeperException.NoNodeException e) {
            return false;
        }
    }

    private void incrementEpoch() throws Exception {
        Stat stat = new Stat();
        try {
            int previous = ControllerEpochZNode.decode(
                    curator.getData().storingStatIn(stat).forPath(ControllerEpochZNode.PATH));
            Stat written = curator.setData()
                    .withVersion(stat.getVersion())
                    .forPath(ControllerEpochZNode.PATH, ControllerEpochZNode.encode(previous + 1));
            epoch = previous + 1;
            epochZkVersion = written.getVersion();
        } catch (KeeperException.NoNodeException e) {
            curator.create().forPath(ControllerEpochZNode.PATH, ControllerEpochZNode.encode(1));
            epoch = 1;
            epochZkVersion = 0;
        }
    }

    private void resign() {
        active = false;
        try {
            if (ownsControllerZNode()) {
                curator.delete().forPath(ControllerZNode.PATH);
            }
        } catch (Exception e) {
            log.warn("Broker {} could not remove {} while resigning", brokerId(), ControllerZNode.PATH, e);
        }
    }

    // ---------------------------------------------------------------- topic commands

    @Override
    public CompletableFuture<List<CreateTopicResult>> createTopics(List<NewTopic> topics, boolean validateOnly) {
        return submit(() -> {
            requireActive();
            List<Integer> live = liveBrokers();
            Set<String> existing = new HashSet<>(curator.getChildren().forPath(ZkPaths.TOPICS));
            Set<String> pendingDeletion = new HashSet<>(curator.getChildren().forPath(ZkPaths.DELETE_TOPICS));
            List<CreateTopicResult> results = new ArrayList<>();
            for (NewTopic topic : topics) {
                try {
                    results.add(createTopic(topic, validateOnly, live, existing, pendingDeletion));
                    if (!validateOnly) {
                        existing.add(topic.name());
                    }
                } catch (NotControllerException e) {
                    throw e;
                } catch (Exception e) {
                    results.add(CreateTopicResult.failed(topic.name(), toApiError(e)));
                }
            }
            return results;
        });
    }

    private CreateTopicResult createTopic(
            NewTopic topic, boolean validateOnly, List<Integer> live, Set<String> existing, Set<String> pending)
            throws Exception {
        String name = topic.name();
        Topic.validate(name);
        if (existing.contains(name)) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        if (pending.contains(name)) {
            throw new TopicExistsException("Topic '" + name + "' is marked for deletion.");
        }
        for (var entry : topic.configs().entrySet()) {
            if (entry.getValue() == null) {
                throw new InvalidConfigurationException(
                        "Null value not supported for topic configs: " + entry.getKey());
            }
        }
        boolean explicit = !topic.replicaAssignment().isEmpty();
        if (explicit && (topic.numPartitions() != NewTopic.DEFAULT || topic.replicationFactor() != NewTopic.DEFAULT)) {
            throw new InvalidRequestException("Both numPartitions or replicationFactor and replicasAssignments "
                    + "were set. Both cannot be used at the same time.");
        }
        Map<Integer, List<Integer>> assignment;
        int numPartitions;
        int replicationFactor;
        if (explicit) {
            assignment = topic.replicaAssignment();
            validateExplicitAssignment(assignment, live);
            numPartitions = assignment.size();
            replicationFactor = assignment.get(0).size();
        } else {
            numPartitions = topic.numPartitions() == NewTopic.DEFAULT ? config.numPartitions() : topic.numPartitions();
            replicationFactor = topic.replicationFactor() == NewTopic.DEFAULT
                    ? config.defaultReplicationFactor()
                    : topic.replicationFactor();
            assignment = assigner.assign(live, numPartitions, replicationFactor);
        }
        if (Topic.hasCollisionChars(name)) {
            List<String> colliding = existing.stream()
                    .filter(other -> Topic.hasCollision(name, other))
                    .sorted()
                    .toList();
            if (!colliding.isEmpty()) {
                throw new InvalidTopicException(
                        "Topic '" + name + "' collides with existing topics: " + String.join(", ", colliding));
            }
        }
        TopicConfigValidator.validate(topic.configs());
        if (createTopicPolicy.isPresent()) {
            createTopicPolicy
                    .get()
                    .validate(new CreateTopicPolicy.RequestMetadata(
                            name,
                            explicit ? null : numPartitions,
                            explicit ? null : (short) replicationFactor,
                            explicit ? assignment : null,
                            topic.configs()));
        }
        if (validateOnly) {
            return new CreateTopicResult(
                    name, ApiError.NONE, Uuid.ZERO_UUID, numPartitions, replicationFactor, topic.configs());
        }
        TopicAssignment created = TopicAssignment.of(name, Uuid.randomUuid(), assignment);
        String configPath = ZkPaths.topicConfig(name);
        byte[] config = ConfigEntityZNode.encode(topic.configs());
        CuratorOp writeConfig = curator.checkExists().forPath(configPath) == null
                ? curator.transactionOp().create().forPath(configPath, config)
                : curator.transactionOp().setData().forPath(configPath, config);
        try {
            fencedWrite(List.of(
                    curator.transactionOp().create().forPath(TopicZNode.path(name), TopicZNode.encode(created)),
                    writeConfig));
        } catch (KeeperException.NodeExistsException e) {
            throw new TopicExistsException("Topic '" + name + "' already exists.");
        }
        log.info("Created topic {} ({}) with assignment {}", name, created.topicId(), created.replicas());
        initializePartitions(created, created.replicas().keySet(), new HashSet<>(live));
        return new CreateTopicResult(
                name, ApiError.NONE, created.topicId(), numPartitions, replicationFactor, topic.configs());
    }

    private static void validateExplicitAssignment(Map<Integer, List<Integer>> assignment, List<Integer> live) {
        Set<Integer> expected = new TreeSet<>();
        for (int p = 0; p < assignment.size(); p++) {
            expected.add(p);
        }
        if (!expected.equals(new TreeSet<>(assignment.keySet()))) {
            throw new InvalidReplicaAssignmentException(
                    "Partitions should be a consecutive 0-based integer sequence, got " + assignment.keySet());
        }
        int replicationFactor = assignment.get(0).size();
        for (var entry : assignment.entrySet()) {
            validateReplicas(entry.getKey(), entry.getValue(), live);
            if (entry.getValue().size() != replicationFactor) {
                throw new InvalidReplicaAssignmentException("All partitions should have the same number of "
                        + "replicas: partition 0 has " + replicationFactor + ", partition " + entry.getKey()
                        + " has " + entry.getValue().size() + ".");
            }
        }
    }

    private static void validateReplicas(int partition, List<Integer> replicas, List<Integer> live) {
        if (replicas.isEmpty()) {
            throw new InvalidReplicaAssignmentException("Partition " + partition + " has no replicas.");
        }
        if (new HashSet<>(replicas).size() != replicas.size()) {
            throw new InvalidReplicaAssignmentException(
                    "Duplicate replica assignment found for partition " + partition + ": " + replicas);
        }
        List<Integer> unknown = replicas.stream().filter(r -> !live.contains(r)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidReplicaAssignmentException("Unknown broker(s) in replica assignment: " + unknown);
        }
    }

    @Override
    public CompletableFuture<Map<String, ApiError>> deleteTopics(Collection<String> topics) {
        return submit(() -> {
            requireActive();
            Map<String, ApiError> results = new LinkedHashMap<>();
            for (String topic : topics) {
                try {
                    if (!Topic.isValid(topic) || curator.checkExists().forPath(TopicZNode.path(topic)) == null) {
                        results.put(topic, new ApiError(Errors.UNKNOWN_TOPIC_OR_PARTITION, null));
                        continue;
                    }
                    try {
                        curator.create().forPath(ZkPaths.deleteTopic(topic));
                    } catch (KeeperException.NodeExistsException alreadyQueued) {
                        // deleted below either way
                    }
                    deleteTopic(topic);
                    results.put(topic, ApiError.NONE);
                } catch (NotControllerException e) {
                    throw e;
                } catch (Exception e) {
                    results.put(topic, toApiError(e));
                }
            }
            return results;
        });
    }

    private void deleteTopic(String topic) throws Exception {
        requireActive();
        try {
            curator.delete().deletingChildrenIfNeeded().forPath(TopicZNode.path(topic));
        } catch (KeeperException.NoNodeException e) {
            // already gone
        }
        for (String path : List.of(ZkPaths.topicConfig(topic), ZkPaths.deleteTopic(topic))) {
            try {
                curator.delete().forPath(path);
            } catch (KeeperException.NoNodeException e) {
                // already gone
            }
        }
        log.info("Deleted topic {}", topic);
    }

    @Override
    public CompletableFuture<Map<String, ApiError>> createPartitions(
            List<NewPartitions> requests, boolean validateOnly) {
        return submit(() -> {
            requireActive();
            List<Integer> live = liveBrokers();
            Set<String> pending = new HashSet<>(curator.getChildren().forPath(ZkPaths.DELETE_TOPICS));
            Map<String, ApiError> results = new LinkedHashMap<>();
            for (NewPartitions request : requests) {
                try {
                    createPartitions(request, validateOnly, live, pending);
                    results.put(request.topic(), ApiError.NONE);
                } catch (NotControllerException e) {
                    throw e;
                } catch (Exception e) {
                    results.put(request.topic(), toApiError(e));
                }
            }
            return results;
        });
    }

    private void createPartitions(NewPartitions request, boolean validateOnly, List<Integer> live, Set<String> pending)
            throws Exception {
        String name = request.topic();
        Stat stat = new Stat();
        TopicAssignment topic;
        try {
            topic = TopicZNode.decode(
                    name, curator.getData().storingStatIn(stat).forPath(TopicZNode.path(name)));
        } catch (KeeperException.NoNodeException | IllegalArgumentException e) {
            throw new UnknownTopicOrPartitionException("The topic '" + name + "' does not exist.");
        }
        if (pending.contains(name)) {
            throw new InvalidTopicException("The topic '" + name + "' is queued for deletion.");
        }
        int current = topic.partitionCount();
        int total = request.totalCount();
        if (total < current) {
            throw new InvalidPartitionsException(
                    "Topic currently has " + current + " partitions, " + total + " would not be an increase.");
        }
        if (total == current) {
            throw new InvalidPartitionsException("Topic already has " + current + " partitions.");
        }
        int added = total - current;
        int replicationFactor = topic.replicationFactor();
        Map<Integer, List<Integer>> newAssignment = new java.util.TreeMap<>();
        if (request.newAssignments() != null) {
            if (request.newAssignments().size() != added) {
                throw new InvalidReplicaAssignmentException("Increasing the number of partitions by " + added + " but "
                        + request.newAssignments().size() + " assignments provided.");
            }
            for (int i = 0; i < added; i++) {
                List<Integer> replicas = request.newAssignments().get(i);
                validateReplicas(current + i, replicas, live);
                if (replicas.size() != replicationFactor) {
                    throw new InvalidReplicaAssignmentException("Inconsistent replication factor between "
                            + "partitions, partition 0 has " + replicationFactor + " while partition "
                            + (current + i) + " has " + replicas.size() + ".");
                }
                newAssignment.put(current + i, List.copyOf(replicas));
            }
        } else {
            int partitionZeroLeader = topic.replicas().get(0).get(0);
            newAssignment.putAll(assigner.assignAdded(live, current, added, replicationFactor, partitionZeroLeader));
        }
        if (validateOnly) {
            return;
        }
        Map<Integer, List<Integer>> all = new java.util.TreeMap<>(topic.replicas());
        all.putAll(newAssignment);
        TopicAssignment grown = TopicAssignment.of(name, topic.topicId(), all);
        fencedWrite(List.of(curator.transactionOp()
                .setData()
                .withVersion(stat.getVersion())
                .forPath(TopicZNode.path(name), TopicZNode.encode(grown))));
        log.info("Added partitions {} to topic {}", newAssignment, name);
        initializePartitions(grown, newAssignment.keySet(), new HashSet<>(live));
    }

    // ---------------------------------------------------------------- partition state

    private void scheduleReconcile() {
        if (reconcilePending.compareAndSet(false, true)) {
            submitQuietly(this::reconcile);
        }
    }

    /** Brings topic ids, partition states and pending deletions in line with ZooKeeper's current content. */
    private void reconcile() throws Exception {
        reconcilePending.set(false);
        if (!active || closed) {
            return;
        }
        Set<Integer> live = new HashSet<>(
                parseIds(curator.getChildren().usingWatcher(changeWatcher).forPath(ZkPaths.BROKER_IDS)));
        List<String> topics = curator.getChildren().usingWatcher(changeWatcher).forPath(ZkPaths.TOPICS);
        List<String> pending = curator.getChildren().usingWatcher(changeWatcher).forPath(ZkPaths.DELETE_TOPICS);
        for (String topic : pending) {
            deleteTopic(topic);
        }
        for (String name : topics) {
            if (pending.contains(name)) {
                continue;
            }
            try {
                reconcileTopic(name, live);
            } catch (KeeperException.NoNodeException | KeeperException.BadVersionException raced) {
                scheduleReconcile();
            } catch (ZNodeFormatException e) {
                log.error("Controller skips topic {}: {}", name, e.getMessage());
            }
        }
    }

    private void reconcileTopic(String name, Set<Integer> live) throws Exception {
        Stat stat = new Stat();
        TopicAssignment topic =
                TopicZNode.decode(name, curator.getData().storingStatIn(stat).forPath(TopicZNode.path(name)));
        if (topic.topicId().equals(Uuid.ZERO_UUID)) {
            topic = TopicAssignment.of(name, Uuid.randomUuid(), topic.replicas());
            fencedWrite(List.of(curator.transactionOp()
                    .setData()
                    .withVersion(stat.getVersion())
                    .forPath(TopicZNode.path(name), TopicZNode.encode(topic))));
            log.info("Assigned topic id {} to topic {}", topic.topicId(), name);
        }
        List<Integer> missing = new ArrayList<>();
        for (var entry : topic.replicas().entrySet()) {
            TopicPartition partition = new TopicPartition(name, entry.getKey());
            Stat stateStat = new Stat();
            PartitionState state;
            try {
                state = PartitionStateZNode.decode(
                        partition,
                        curator.getData().storingStatIn(stateStat).forPath(PartitionStateZNode.path(partition)));
            } catch (KeeperException.NoNodeException e) {
                missing.add(entry.getKey());
                continue;
            }
            Optional<PartitionState> next = electIfNeeded(entry.getValue(), state, live);
            if (next.isPresent()) {
                fencedWrite(List.of(curator.transactionOp()
                        .setData()
                        .withVersion(stateStat.getVersion())
                        .forPath(PartitionStateZNode.path(partition), PartitionStateZNode.encode(next.get()))));
                log.info("Partition {}: {} -> {}", partition, state, next.get());
            }
        }
        if (!missing.isEmpty()) {
            initializePartitions(topic, missing, live);
        }
    }

    /**
     * The state a partition should move to given the live brokers: a live leader from the ISR when the leader is
     * gone (no unclean election: without a live ISR member the partition goes offline, keeping its ISR, as
     * Kafka does), and dead brokers out of the ISR of a partition whose leader is alive.
     */
    private Optional<PartitionState> electIfNeeded(List<Integer> replicas, PartitionState state, Set<Integer> live) {
        boolean leaderAlive = state.hasLeader() && live.contains(state.leader());
        if (leaderAlive) {
            List<Integer> isr = state.isr().stream().filter(live::contains).toList();
            if (isr.size() == state.isr().size()) {
                return Optional.empty();
            }
            return Optional.of(new PartitionState(state.leader(), state.leaderEpoch(), isr, epoch));
        }
        Optional<Integer> leader = replicas.stream()
                .filter(r -> state.isr().contains(r) && live.contains(r))
                .findFirst();
        if (leader.isPresent()) {
            List<Integer> isr = state.isr().stream().filter(live::contains).toList();
            return Optional.of(new PartitionState(leader.get(), state.leaderEpoch() + 1, isr, epoch));
        }
        if (state.hasLeader()) {
            return Optional.of(
                    new PartitionState(PartitionState.NO_LEADER, state.leaderEpoch() + 1, state.isr(), epoch));
        }
        return Optional.empty();
    }

    /**
     * Writes the first state of new partitions: the first live replica leads, the live replicas form the ISR.
     * A partition without any live replica gets no state yet (clients see LEADER_NOT_AVAILABLE) and is
     * initialized by a later reconciliation when one of its brokers registers.
     *
     * <p>The partitions' znodes are created in one ZooKeeper transaction per {@link #PARTITIONS_PER_WRITE}
     * partitions rather than two writes each: ZooKeeper fsyncs every write, and the 50 partitions of
     * {@code __consumer_offsets}, created on a consumer group's first FindCoordinator, cost 100 fsyncs before the
     * group could join. If any of them exists already (a reconciliation got there first, or a controller failed
     * between the two writes) that batch falls back to one partition at a time.
     */
    private void initializePartitions(TopicAssignment topic, Collection<Integer> partitions, Set<Integer> live)
            throws Exception {
        createIfMissing(ZkPaths.partitions(topic.name()));
        List<Map.Entry<TopicPartition, PartitionState>> initial = new ArrayList<>();
        for (int p : partitions) {
            List<Integer> liveReplicas =
                    topic.replicas().get(p).stream().filter(live::contains).toList();
            if (liveReplicas.isEmpty()) {
                log.warn("Partition {}-{} has no live replica; leaving it offline", topic.name(), p);
                continue;
            }
            initial.add(Map.entry(
                    new TopicPartition(topic.name(), p),
                    new PartitionState(liveReplicas.get(0), 0, liveReplicas, epoch)));
        }
        for (int from = 0; from < initial.size(); from += PARTITIONS_PER_WRITE) {
            var batch = initial.subList(from, Math.min(initial.size(), from + PARTITIONS_PER_WRITE));
            List<CuratorOp> ops = new ArrayList<>(2 * batch.size());
            for (var partition : batch) {
                ops.add(curator.transactionOp().create().forPath(ZkPaths.partition(partition.getKey()), new byte[0]));
                ops.add(curator.transactionOp()
                        .create()
                        .forPath(
                                PartitionStateZNode.path(partition.getKey()),
                                PartitionStateZNode.encode(partition.getValue())));
            }
            try {
                fencedWrite(ops);
            } catch (KeeperException.NodeExistsException e) {
                for (var partition : batch) {
                    initializePartition(partition.getKey(), partition.getValue());
                }
            }
        }
    }

    private void initializePartition(TopicPartition partition, PartitionState state) throws Exception {
        createIfMissing(ZkPaths.partition(partition));
        try {
            fencedWrite(List.of(curator.transactionOp()
                    .create()
                    .forPath(PartitionStateZNode.path(partition), PartitionStateZNode.encode(state))));
        } catch (KeeperException.NodeExistsException e) {
            // initialized concurrently by a reconciliation
        }
    }

    private void createIfMissing(String path) throws Exception {
        try {
            curator.create().forPath(path, new byte[0]);
        } catch (KeeperException.NodeExistsException e) {
            // fine
        }
    }

    /**
     * Applies {@code ops} atomically together with a check that {@code /controller_epoch} still has the version
     * this controller wrote. If the check fails, another controller was elected since: resign, NOT_CONTROLLER.
     */
    private void fencedWrite(List<CuratorOp> ops) throws Exception {
        requireActive();
        List<CuratorOp> all = new ArrayList<>(ops.size() + 1);
        all.add(curator.transactionOp().check().withVersion(epochZkVersion).forPath(ControllerEpochZNode.PATH));
        all.addAll(ops);
        try {
            curator.transaction().forOperations(all);
        } catch (KeeperException e) {
            Stat stat = curator.checkExists().forPath(ControllerEpochZNode.PATH);
            if (stat == null || stat.getVersion() != epochZkVersion) {
                log.warn("Broker {} was superseded as controller (epoch {}); resigning", brokerId(), epoch);
                resign();
                throw new NotControllerException("Broker " + brokerId() + " is no longer the controller.");
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- plumbing

    private void requireActive() {
        if (!active || closed) {
            throw new NotControllerException("Broker " + brokerId() + " is not the controller.");
        }
    }

    private List<Integer> liveBrokers() throws Exception {
        return parseIds(curator.getChildren().forPath(ZkPaths.BROKER_IDS)).stream()
                .sorted()
                .toList();
    }

    private static List<Integer> parseIds(List<String> children) {
        List<Integer> ids = new ArrayList<>();
        for (String child : children) {
            try {
                ids.add(Integer.parseInt(child));
            } catch (NumberFormatException e) {
                log.warn("Ignoring non-numeric broker registration {}", child);
            }
        }
        return ids;
    }

    private static ApiError toApiError(Exception e) {
        if (e instanceof KeeperException || e instanceof ZkUnavailableException) {
            return new ApiError(Errors.REQUEST_TIMED_OUT, "ZooKeeper operation failed: " + e.getMessage());
        }
        return ApiError.fromThrowable(e);
    }

    private interface Action {
        void run() throws Exception;
    }

    private void submitQuietly(Action action) {
        submit(() -> {
                    action.run();
                    return null;
                })
                .exceptionally(e -> {
                    if (!closed) {
                        log.error("Controller task failed on broker {}", brokerId(), e);
                    }
                    return null;
                });
    }

    private <T> CompletableFuture<T> submit(Callable<T> task) {
        try {
            return CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return task.call();
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new CompletionException(e);
                        }
                    },
                    thread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new NotControllerException("Controller is shut down."));
        }
    }

    /** Resigns (deleting {@code /controller} if this instance holds it) and stops the controller thread. */
    @Override
    public void close() {
        curator.getConnectionStateListenable().removeListener(connectionListener);
        try {
            submit(() -> {
                        closed = true;
                        if (active) {
                            resign();
                        }
                        return null;
                    })
                    .get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Controller of broker {} did not shut down cleanly", brokerId(), e);
        }
        closed = true;
        active = false;
        thread.shutdownNow();
    }
}
