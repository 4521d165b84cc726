package io.runnel.broker.metadata;

import java.util.List;

/**
 * Leader and in-sync replicas of one partition, as the controller last wrote them to
 * {@code /brokers/topics/<topic>/partitions/<p>/state}.
 *
 * @param leader the leading broker, {@link #NO_LEADER} while the partition is offline
 * @param leaderEpoch bumped by the controller on every leader change; fences stale leaders and followers
 * @param controllerEpoch epoch of the controller that wrote this state
 */
public record PartitionState(int leader, int leaderEpoch, List<Integer> isr, int controllerEpoch) {

    public static final int NO_LEADER = -1;

    public PartitionState {
        isr = List.copyOf(isr);
    }

    public boolean hasLeader() {
        return leader != NO_LEADER;
    }
}
