package io.runnel.broker.partition;

import org.apache.kafka.common.TopicPartition;

/**
 * Told when the local broker starts or stops leading a partition, after the data plane applied the change: the hook
 * of the coordinators that serve from an internal topic's partition leaders (as Kafka's ReplicaManager calls the
 * group coordinator's election and resignation callbacks after a LeaderAndIsr request).
 *
 * <p>Calls come from the metadata event thread, in order; implementations must return quickly (hand loading off to
 * their own threads) and be idempotent: {@link #onLeader} fires again for every new leader epoch or ISR change of a
 * partition the broker keeps leading.
 */
public interface LeadershipListener {

    /** The local replica of {@code partition} is now its leader (and serves appends). */
    void onLeader(Partition partition);

    /** The local broker no longer leads {@code tp}: it became a follower, or the replica was removed. */
    void onNoLongerLeader(TopicPartition tp);

    LeadershipListener NONE = new LeadershipListener() {
        @Override
        public void onLeader(Partition partition) {}

        @Override
        public void onNoLongerLeader(TopicPartition tp) {}
    };
}
