package io.runnel.broker.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;

/**
 * Kafka's rack-unaware replica placement (AdminUtils.assignReplicasToBrokersRackUnaware): leaders go round
 * robin over the sorted brokers from a random start; each partition's followers follow its leader at a shift
 * that grows by one every time the partitions wrap around the broker list, so the followers of one broker's
 * leaders are spread over the other brokers rather than always on its neighbour.
 */
public final class ReplicaAssigner {

    private final Random random;

    public ReplicaAssigner(Random random) {
        this.random = random;
    }

    /** Assignment of a new topic, with a random start broker and shift. */
    public Map<Integer, List<Integer>> assign(List<Integer> brokers, int partitions, int replicationFactor) {
        validate(brokers, partitions, replicationFactor);
        int start = random.nextInt(brokers.size());
        int shift = random.nextInt(brokers.size());
        return assign(brokers, partitions, replicationFactor, start, shift, 0);
    }

    /**
     * Assignment of partitions added to an existing topic, continuing its pattern: start index is the position
     * of partition 0's leader, as in Kafka's AdminZkClient.createPartitions.
     */
    public Map<Integer, List<Integer>> assignAdded(
            List<Integer> brokers, int firstNewPartition, int count, int replicationFactor, int partitionZeroLeader) {
        validate(brokers, count, replicationFactor);
        List<Integer> sorted = brokers.stream().sorted().toList();
        int start = Math.max(0, sorted.indexOf(partitionZeroLeader));
        return assign(brokers, count, replicationFactor, start, start, firstNewPartition);
    }

    private static void validate(List<Integer> brokers, int partitions, int replicationFactor) {
        if (partitions <= 0) {
            throw new InvalidPartitionsException("Number of partitions must be larger than 0.");
        }
        if (replicationFactor <= 0) {
            throw new InvalidReplicationFactorException("Replication factor must be larger than 0.");
        }
        if (replicationFactor > brokers.size()) {
            throw new InvalidReplicationFactorException("Replication factor: " + replicationFactor
                    + " larger than available brokers: " + brokers.size() + ".");
        }
    }

    private static Map<Integer, List<Integer>> assign(
            List<Integer> brokers, int partitions, int replicationFactor, int start, int shift, int firstPartition) {
        List<Integer> sorted = brokers.stream().sorted().toList();
        int n = sorted.size();
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        int followerShift = shift;
        for (int partition = firstPartition; partition < firstPartition + partitions; partition++) {
            if (partition > 0 && partition % n == 0) {
                followerShift++;
            }
            int leaderIndex = (partition + start) % n;
            List<Integer> replicas = new ArrayList<>(replicationFactor);
            replicas.add(sorted.get(leaderIndex));
            for (int j = 0; j < replicationFactor - 1; j++) {
                int offset = 1 + (followerShift + j) % (n - 1);
                replicas.add(sorted.get((leaderIndex + offset) % n));
            }
            assignment.put(partition, List.copyOf(replicas));
        }
        return assignment;
    }
}
