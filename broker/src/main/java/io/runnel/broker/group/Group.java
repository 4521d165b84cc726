package io.runnel.broker.group;

import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;

/**
 * A group as the group-agnostic APIs (ListGroups, DeleteGroups, offsets) see it. Classic and KIP-848 consumer
 * groups ({@code ClassicGroup}, {@code ConsumerGroup}) share one namespace of group ids within a shard.
 */
public interface Group {

    String groupId();

    GroupType type();

    GroupState state();

    /** The protocol type reported by ListGroups ("consumer" for KIP-848 groups), "" when none. */
    String protocolType();

    /** No members: offsets may be deleted, expired, and the group removed. */
    boolean isEmpty();

    /** Whether a member subscribes to {@code topic}, which protects its offsets from OffsetDelete. */
    boolean isSubscribedTo(String topic);
}
