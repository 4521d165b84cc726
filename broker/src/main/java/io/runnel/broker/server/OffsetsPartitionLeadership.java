package io.runnel.broker.server;

import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.OffsetsTopic;
import io.runnel.broker.partition.LeadershipListener;
import io.runnel.broker.partition.Partition;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the group coordinator the {@code __consumer_offsets} partitions this broker leads: it replays a partition's
 * log (on its own threads) when the broker becomes its leader, and drops the partition's groups when it stops.
 */
public final class OffsetsPartitionLeadership implements LeadershipListener {

    private static final Logger log = LoggerFactory.getLogger(OffsetsPartitionLeadership.class);

    private final GroupCoordinator coordinator;

    public OffsetsPartitionLeadership(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public void onLeader(Partition partition) {
        TopicPartition tp = partition.topicPartition();
        if (tp.topic().equals(OffsetsTopic.NAME)) {
            coordinator.onBecomeLeader(tp.partition(), partition.log()).whenComplete((loaded, e) -> {
                if (e != null) {
                    log.error("Group coordinator failed to load {}", tp, e);
                }
            });
        }
    }

    @Override
    public void onNoLongerLeader(TopicPartition tp) {
        if (tp.topic().equals(OffsetsTopic.NAME)) {
            coordinator.onResign(tp.partition());
        }
    }
}
