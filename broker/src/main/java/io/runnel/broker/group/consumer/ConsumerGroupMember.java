package io.runnel.broker.group.consumer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.Uuid;

/**
 * A member of a KIP-848 consumer group. Mutable; touched only from the owning shard's executor.
 *
 * <p>{@code memberEpoch} is the epoch of the target assignment the member has reached; while it still has to
 * revoke partitions it stays at its old epoch. {@code previousMemberEpoch} lets a member whose heartbeat response
 * was lost retry with the epoch it knew.
 *
 * <p>Each owned partition also remembers the member epoch in which it was assigned (KIP-1251 assignment epochs), so
 * an OffsetCommit sent with an epoch the coordinator has since moved past is still accepted for partitions the
 * member has owned since that epoch. The assignment epochs are not persisted: after a replay an owned partition's
 * assignment epoch is the member epoch, which accepts only commits in the current epoch (KIP-848's strict check).
 */
public final class ConsumerGroupMember {

    /** The epoch of a member that left temporarily (static member, KIP-848 epoch -2). */
    public static final int LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;

    private final String memberId;
    private String instanceId;
    private String rackId;
    private String clientId;
    private String clientHost;
    private int rebalanceTimeoutMs;
    private List<String> subscribedTopicNames = List.of();
    private String serverAssignor;
    private int memberEpoch;
    private int previousMemberEpoch;
    private MemberState state = MemberState.STABLE;
    private Assignment assigned = Assignment.EMPTY;
    private Assignment pendingRevocation = Assignment.EMPTY;
    private Map<Uuid, Map<Integer, Integer>> assignmentEpochs = Map.of();

    public ConsumerGroupMember(String memberId, String instanceId) {
        this.memberId = memberId;
        this.instanceId = instanceId;
    }

    public String memberId() {
        return memberId;
    }

    public String instanceId() {
        return instanceId;
    }

    public String rackId() {
        return rackId;
    }

    public String clientId() {
        return clientId;
    }

    public String clientHost() {
        return clientHost;
    }

    public int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    public List<String> subscribedTopicNames() {
        return subscribedTopicNames;
    }

    public String serverAssignor() {
        return serverAssignor;
    }

    public int memberEpoch() {
        return memberEpoch;
    }

    public int previousMemberEpoch() {
        return previousMemberEpoch;
    }

    public MemberState state() {
        return state;
    }

    public Assignment assigned() {
        return assigned;
    }

    public Assignment pendingRevocation() {
        return pendingRevocation;
    }

    /**
     * The member epoch in which this member got a partition it still owns (assigned or pending revocation), or -1
     * if it does not own the partition.
     */
    public int assignmentEpoch(Uuid topicId, int partition) {
        if (!assigned.contains(topicId, partition) && !pendingRevocation.contains(topicId, partition)) {
            return -1;
        }
        Integer epoch = assignmentEpochs.getOrDefault(topicId, Map.of()).get(partition);
        return epoch == null ? memberEpoch : epoch;
    }

    /** Assignment epochs of the partitions this member owns, as computed by its reconciliation. */
    void setAssignmentEpochs(Map<Uuid, Map<Integer, Integer>> epochs) {
        Map<Uuid, Map<Integer, Integer>> copy = new HashMap<>();
        epochs.forEach((topic, byPartition) -> copy.put(topic, Map.copyOf(byPartition)));
        this.assignmentEpochs = Map.copyOf(copy);
    }

    public void updateClientInfo(String clientId, String clientHost, String rackId, int rebalanceTimeoutMs) {
        this.clientId = clientId;
        this.clientHost = clientHost;
        if (rackId != null) {
            this.rackId = rackId;
        }
        if (rebalanceTimeoutMs > 0) {
            this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        }
    }

    /** Returns true when the subscription changed. */
    public boolean updateSubscription(List<String> topics, String assignor) {
        boolean changed = false;
        if (topics != null) {
            List<String> sorted = topics.stream().distinct().sorted().toList();
            changed = !sorted.equals(subscribedTopicNames);
            subscribedTopicNames = sorted;
        }
        if (assignor != null && !assignor.equals(serverAssignor)) {
            serverAssignor = assignor;
            changed = true;
        }
        return changed;
    }

    void setEpochs(int memberEpoch, int previousMemberEpoch) {
        this.memberEpoch = memberEpoch;
        this.previousMemberEpoch = previousMemberEpoch;
    }

    void setReconciliation(MemberState state, Assignment assigned, Assignment pendingRevocation) {
        this.state = state;
        this.assigned = assigned;
        this.pendingRevocation = pendingRevocation;
    }

    /** Replay: identity and subscription from a ConsumerGroupMemberMetadata record. */
    public void restoreMetadata(
            String instanceId,
            String rackId,
            String clientId,
            String clientHost,
            List<String> topics,
            int rebalanceTimeoutMs,
            String serverAssignor) {
        this.instanceId = instanceId;
        this.rackId = rackId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.subscribedTopicNames = topics.stream().distinct().sorted().toList();
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.serverAssignor = serverAssignor;
    }

    /** A static member left with epoch -2: it keeps its partitions until it comes back or its session ends. */
    public void setLeftTemporarily() {
        this.memberEpoch = LEAVE_GROUP_STATIC_MEMBER_EPOCH;
    }
}
