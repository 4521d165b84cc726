package io.runnel.broker.group.classic;

import java.util.EnumSet;
import java.util.Set;

import org.apache.kafka.common.GroupState;

/** Kafka's classic group state machine; each state lists the states it may be entered from. */
public enum ClassicGroupState {
    EMPTY(GroupState.EMPTY),
    PREPARING_REBALANCE(GroupState.PREPARING_REBALANCE),
    COMPLETING_REBALANCE(GroupState.COMPLETING_REBALANCE),
    STABLE(GroupState.STABLE),
    DEAD(GroupState.DEAD);

    private final GroupState publicState;

    ClassicGroupState(GroupState publicState) {
        this.publicState = publicState;
    }

    public GroupState publicState() {
        return publicState;
    }

    boolean canFollow(ClassicGroupState previous) {
        return validPrevious().contains(previous);
    }

    private Set<ClassicGroupState> validPrevious() {
        return switch (this) {
            case EMPTY -> EnumSet.of(PREPARING_REBALANCE);
            case PREPARING_REBALANCE -> EnumSet.of(STABLE, COMPLETING_REBALANCE, EMPTY);
            case COMPLETING_REBALANCE -> EnumSet.of(PREPARING_REBALANCE);
            case STABLE -> EnumSet.of(COMPLETING_REBALANCE);
            case DEAD -> EnumSet.of(STABLE, PREPARING_REBALANCE, COMPLETING_REBALANCE, EMPTY, DEAD);
        };
    }
}
