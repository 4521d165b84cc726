package io.runnel.broker.partition;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.runnel.storage.LogConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The partitions this broker hosts, by topic partition. The metadata side drives it: when this broker becomes
 * leader of a partition ({@link #becomeLeader}), follows it ({@link #becomeFollower}), stops hosting it or the
 * topic is deleted ({@link #remove}), or a topic's config changes ({@link #updateConfig}). Request handlers look
 * partitions up with {@link #partition}, which answers the errors Kafka answers for a partition not hosted here.
 */
public final class LocalPartitions {

    private final int localBrokerId;
    private final LogCatalog logs;
    private final KnownPartitions cluster;
    private final PartitionEvents events;
    private final ConcurrentHashMap<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();

    /**
     * @param localBrokerId this broker's id: the leader id that makes a local replica the leader
     * @param logs where partition logs are opened, created and deleted
     * @param cluster whether a partition exists in the cluster, for the error of one not hosted here
     * @param events notified of appends, high-watermark moves and leadership changes (the purgatories)
     */
    public LocalPartitions(int localBrokerId, LogCatalog logs, KnownPartitions cluster, PartitionEvents events) {
        this.localBrokerId = localBrokerId;
        this.logs = logs;
        this.cluster = cluster;
        this.events = events;
    }

    public int localBrokerId() {
        return localBrokerId;
    }

    /**
     * This broker leads {@code tp} from {@code leaderEpoch} with the given ISR (which should contain this
     * broker); the replica set is taken to be the ISR. Creates the log if needed.
     *
     * @return false if a newer leader epoch was already applied (a stale decision)
     */
    public boolean becomeLeader(TopicPartition tp, int leaderEpoch, Collection<Integer> isr, LogConfig config) {
        List<Integer> inSync = List.copyOf(isr);
        return apply(tp, new LeaderAndIsr(localBrokerId, leaderEpoch, inSync, inSync), config);
    }

    /** This broker leads {@code tp} as {@code leadership} describes ({@code leaderId} must be this broker). */
    public boolean becomeLeader(TopicPartition tp, LeaderAndIsr leadership, LogConfig config) {
        if (leadership.leaderId() != localBrokerId) {
            throw new IllegalArgumentException(
                    "Leader " + leadership.leaderId() + " of " + tp + " is not the local broker " + localBrokerId);
        }
        return apply(tp, leadership, config);
    }

    /**
     * Another broker leads {@code tp}; the local replica keeps its log and answers NOT_LEADER_OR_FOLLOWER to
     * clients. Fetching from the leader is the replica fetcher's job.
     */
    public boolean becomeFollower(TopicPartition tp, LeaderAndIsr leadership, LogConfig config) {
        if (leadership.leaderId() == localBrokerId) {
            throw new IllegalArgumentException("Follower transition of " + tp + " names the local broker as leader");
        }
        return apply(tp, leadership, config);
    }

    private boolean apply(TopicPartition tp, LeaderAndIsr leadership, LogConfig config) {
        Partition partition = partitions.computeIfAbsent(
                tp, key -> new Partition(key, localBrokerId, logs.getOrCreate(key, config), events));
        return partition.applyLeadership(leadership, config);
    }

    /**
     * Stops hosting {@code tp}. With {@code deleteLog} (the topic was deleted, or the replica moved away) its log
     * is deleted; otherwise the log stays in storage and a later leadership reuses it.
     */
    public void remove(TopicPartition tp, boolean deleteLog) {
        Partition partition = partitions.remove(tp);
        if (partition != null) {
            partition.markRemoved();
        }
        if (deleteLog) {
            logs.delete(tp);
        }
    }

    /** Applies a changed topic config to every hosted partition of {@code topic}. */
    public void updateConfig(String topic, LogConfig config) {
        partitions.forEach((tp, partition) -> {
            if (tp.topic().equals(topic)) {
                partition.updateConfig(config);
            }
        });
    }

    /** The local replica of {@code tp}, if hosted here. */
    public Optional<Partition> get(TopicPartition tp) {
        return Optional.ofNullable(partitions.get(tp));
    }

    /**
     * The local replica of {@code tp}, or the error Kafka answers: NOT_LEADER_OR_FOLLOWER when the cluster has
     * the partition but this broker does not host it, UNKNOWN_TOPIC_OR_PARTITION when nobody has it. Whether the
     * replica leads (and the client's leader epoch) is checked by each {@link Partition} operation.
     */
    public Partition partition(TopicPartition tp) {
        Partition partition = partitions.get(tp);
        if (partition != null) {
            return partition;
        }
        if (cluster.exists(tp)) {
            throw new NotLeaderOrFollowerException(
                    "Broker " + localBrokerId + " does not host a replica of partition " + tp);
        }
        throw new UnknownTopicOrPartitionException("Partition " + tp + " does not exist");
    }

    /** Every hosted partition. */
    public Collection<Partition> all() {
        return List.copyOf(partitions.values());
    }
}
