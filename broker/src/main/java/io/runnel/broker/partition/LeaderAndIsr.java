package io.runnel.broker.partition;

import java.util.List;

/**
 * A partition's leadership as decided by the controller.
 *
 * @param leaderId the broker leading the partition
 * @param leaderEpoch increases with every leader change; requests carrying an older one are fenced
 * @param replicas every broker assigned a replica
 * @param isr the in-sync replicas (including the leader): those the high watermark waits for
 */
public record LeaderAndIsr(int leaderId, int leaderEpoch, List<Integer> replicas, List<Integer> isr) {

    public LeaderAndIsr {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        if (leaderEpoch < 0) {
            throw new IllegalArgumentException("Leader epoch must not be negative: " + leaderEpoch);
        }
    }
}
