package io.runnel.broker.group.consumer;

import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.Uuid;

/** A server-side assignor of KIP-848 groups (config {@code group.consumer.assignors}, request ServerAssignor). */
public interface PartitionAssignor {

    String name();

    /** Computes the target assignment of every member; members without partitions map to an empty assignment. */
    Map<String, Assignment> assign(Spec spec);

    /**
     * What an assignor works from.
     *
     * @param members member id to the topic ids it subscribes to (existing topics only) and what it owns now
     * @param partitionCounts topic id to number of partitions, for every subscribed topic that exists
     */
    record Spec(Map<String, MemberSpec> members, Map<Uuid, Integer> partitionCounts) {}

    record MemberSpec(Set<Uuid> subscribedTopics, Assignment current) {}
}
