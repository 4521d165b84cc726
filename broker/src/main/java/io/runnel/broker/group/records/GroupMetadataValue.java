package io.runnel.broker.group.records;

import java.util.List;

/**
 * A classic group's membership as of its last completed rebalance (or its becoming empty).
 *
 * @param protocol the selected protocol (assignor), null when the group is empty
 * @param leader the leader's member id, null when the group is empty
 * @param currentStateTimestamp when the group entered its current state, -1 when unknown (value v2+); offsets
 *     retention of an empty group counts from it
 */
public record GroupMetadataValue(
        String protocolType,
        int generation,
        String protocol,
        String leader,
        long currentStateTimestamp,
        List<MemberMetadata> members) {

    public GroupMetadataValue {
        members = List.copyOf(members);
    }

    /**
     * One member with the subscription it joined with and the assignment the leader gave it.
     *
     * @param groupInstanceId the static member id (value v3+), null for dynamic members
     * @param rebalanceTimeout value v1+; v0 records carry only the session timeout, which Kafka also uses for both
     */
    public record MemberMetadata(
            String memberId,
            String groupInstanceId,
            String clientId,
            String clientHost,
            int rebalanceTimeout,
            int sessionTimeout,
            byte[] subscription,
            byte[] assignment) {}
}
