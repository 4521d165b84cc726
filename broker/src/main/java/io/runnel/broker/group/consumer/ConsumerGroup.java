package io.runnel.broker.group.consumer;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.runnel.broker.group.Group;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.Uuid;

/**
 * A KIP-848 consumer group: the group epoch (bumped by every membership, subscription or metadata change), the
 * target assignment computed by a server-side assignor for {@code assignmentEpoch}, and each member's current
 * assignment as it reconciles towards its target.
 *
 * <p>The invariant that makes incremental rebalancing safe: a partition has at most one owner, the member that
 * has it assigned or pending revocation. A partition moves to its new owner only after the previous owner
 * acknowledged the revocation ({@link #reconcile}).
 *
 * <p>Mutable; touched only from the owning shard's executor.
 */
public final class ConsumerGroup implements Group {

    private final String groupId;
    private int groupEpoch;
    private int assignmentEpoch;
    private String assignorName;
    private final Map<String, ConsumerGroupMember> members = new LinkedHashMap<>();
    private final Map<String, Assignment> targetAssignment = new HashMap<>();
    private final Map<PartitionKey, String> owners = new HashMap<>();
    private Map<String, TopicMetadata> subscribedTopicMetadata = Map.of();

    /** What the last target assignment was computed from, to notice topics created, deleted or grown. */
    public record TopicMetadata(Uuid topicId, int partitions) {}

    private record PartitionKey(Uuid topicId, int partition) {}

    public ConsumerGroup(String groupId) {
        this.groupId = groupId;
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public GroupType type() {
        return GroupType.CONSUMER;
    }

    @Override
    public GroupState state() {
        if (members.isEmpty()) {
            return GroupState.EMPTY;
        }
        if (groupEpoch > assignmentEpoch) {
            return GroupState.ASSIGNING;
        }
        for (ConsumerGroupMember m : members.values()) {
            if (m.memberEpoch() != assignmentEpoch || m.state() != MemberState.STABLE) {
                return GroupState.RECONCILING;
            }
        }
        return GroupState.STABLE;
    }

    @Override
    public String protocolType() {
        return "consumer";
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    @Override
    public boolean isSubscribedTo(String topic) {
        for (ConsumerGroupMember m : members.values()) {
            if (m.subscribedTopicNames().contains(topic)) {
                return true;
            }
        }
        return false;
    }

    public int groupEpoch() {
        return groupEpoch;
    }

    public void bumpGroupEpoch() {
        groupEpoch++;
    }

    public int assignmentEpoch() {
        return assignmentEpoch;
    }

    public String assignorName() {
        return assignorName;
    }

    public ConsumerGroupMember member(String memberId) {
        return members.get(memberId);
    }

    public Collection<ConsumerGroupMember> members() {
        return members.values();
    }

    public int size() {
        return members.size();
    }

    public ConsumerGroupMember staticMember(String instanceId) {
        for (ConsumerGroupMember m : members.values()) {
            if (instanceId.equals(m.instanceId())) {
                return m;
            }
        }
        return null;
    }

    public void addMember(ConsumerGroupMember member) {
        members.put(member.memberId(), member);
    }

    /** Removes a member and releases every partition it owned, so other members may take them. */
    public void removeMember(String memberId) {
        ConsumerGroupMember removed = members.remove(memberId);
        if (removed != null) {
            release(removed, removed.assigned());
            release(removed, removed.pendingRevocation());
        }
        targetAssignment.remove(memberId);
    }

    /**
     * A static member came back under a new member id (KIP-848 static membership): the new member takes over the
     * old one's subscription, partitions and target assignment, starting from epoch 0, so the group needs no
     * rebalance and other members are not disturbed.
     */
    public void replaceStaticMember(String oldMemberId, ConsumerGroupMember replacement) {
        ConsumerGroupMember old = members.remove(oldMemberId);
        Assignment target = targetAssignment.remove(oldMemberId);
        release(old, old.assigned());
        release(old, old.pendingRevocation());
        replacement.restoreMetadata(
                old.instanceId(),
                old.rackId(),
                old.clientId(),
                old.clientHost(),
                old.subscribedTopicNames(),
                old.rebalanceTimeoutMs(),
                old.serverAssignor());
        members.put(replacement.memberId(), replacement);
        if (target != null) {
            targetAssignment.put(replacement.memberId(), target);
        }
        replacement.setEpochs(0, -1);
        setAssignment(replacement, old.state(), old.assigned(), old.pendingRevocation());
    }

    public Assignment targetAssignment(String memberId) {
        return targetAssignment.getOrDefault(memberId, Assignment.EMPTY);
    }

    public Map<String, TopicMetadata> subscribedTopicMetadata() {
        return subscribedTopicMetadata;
    }

    public void setSubscribedTopicMetadata(Map<String, TopicMetadata> metadata) {
        this.subscribedTopicMetadata = Map.copyOf(metadata);
    }

    public void setTargetAssignment(int epoch, String assignor, Map<String, Assignment> target) {
        targetAssignment.clear();
        targetAssignment.putAll(target);
        assignmentEpoch = epoch;
        assignorName = assignor;
    }

    /** The member that currently owns a partition (assigned or pending revocation), or null. */
    public String owner(Uuid topicId, int partition) {
        return owners.get(new PartitionKey(topicId, partition));
    }

    /**
     * Moves {@code member} one step towards its target assignment, Kafka's CurrentAssignmentBuilder:
     *
     * <ul>
     *   <li>while it still owns partitions pending revocation (per {@code ownedPartitions}, null when the
     *       heartbeat did not report them) nothing changes;
     *   <li>partitions no longer in its target are first taken away and put pending revocation, keeping the
     *       member at its epoch;
     *   <li>otherwise it moves to the target epoch and gets every target partition no other member still owns;
     *       it stays UNRELEASED_PARTITIONS until the rest are released.
     * </ul>
     */
    public void reconcile(ConsumerGroupMember member, Assignment ownedPartitions) {
        if (member.state() == MemberState.UNREVOKED_PARTITIONS) {
            if (ownedPartitions == null
                    || !ownedPartitions.intersect(member.pendingRevocation()).isEmpty()) {
                return;
            }
        } else if (member.state() == MemberState.STABLE && member.memberEpoch() == assignmentEpoch) {
            return;
        }
        Assignment target = targetAssignment(member.memberId());
        Assignment kept = member.assigned().intersect(target);
        Assignment toRevoke = member.assigned().minus(target);
        // Partitions the member keeps keep the epoch they were assigned in (KIP-1251), so commits the member sends
        // in that epoch stay valid for them after its epoch moves on.
        Map<Uuid, Map<Integer, Integer>> epochs = assignmentEpochs(member, kept.plus(toRevoke));
        if (!toRevoke.isEmpty()) {
            release(member, member.pendingRevocation());
            setAssignment(member, MemberState.UNREVOKED_PARTITIONS, kept, toRevoke);
            member.setAssignmentEpochs(epochs);
            return;
        }
        release(member, member.pendingRevocation());
        Map<Uuid, java.util.Set<Integer>> free = new HashMap<>();
        boolean unreleased = false;
        for (Map.Entry<Uuid, java.util.Set<Integer>> e :
                target.minus(kept).partitions().entrySet()) {
            for (int p : e.getValue()) {
                String owner = owner(e.getKey(), p);
                if (owner == null || owner.equals(member.memberId())) {
                    free.computeIfAbsent(e.getKey(), t -> new java.util.TreeSet<>())
                            .add(p);
                    epochs.computeIfAbsent(e.getKey(), t -> new HashMap<>()).put(p, assignmentEpoch);
                } else {
                    unreleased = true;
                }
            }
        }
        setAssignment(
                member,
                unreleased ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE,
                kept.plus(new Assignment(free)),
                Assignment.EMPTY);
        member.setAssignmentEpochs(epochs);
        if (member.memberEpoch() != assignmentEpoch) {
            member.setEpochs(assignmentEpoch, member.memberEpoch());
        }
    }

    private static Map<Uuid, Map<Integer, Integer>> assignmentEpochs(ConsumerGroupMember member, Assignment owned) {
        Map<Uuid, Map<Integer, Integer>> epochs = new HashMap<>();
        owned.partitions()
                .forEach((topic, ps) -> ps.forEach(p ->
                        epochs.computeIfAbsent(topic, t -> new HashMap<>()).put(p, member.assignmentEpoch(topic, p))));
        return epochs;
    }

    private void setAssignment(ConsumerGroupMember member, MemberState state, Assignment assigned, Assignment pending) {
        release(member, member.assigned());
        release(member, member.pendingRevocation());
        member.setReconciliation(state, assigned, pending);
        claim(member, assigned);
        claim(member, pending);
    }

    private void claim(ConsumerGroupMember member, Assignment a) {
        a.partitions()
                .forEach((topic, ps) -> ps.forEach(p -> owners.put(new PartitionKey(topic, p), member.memberId())));
    }

    private void release(ConsumerGroupMember member, Assignment a) {
        a.partitions()
                .forEach((topic, ps) -> ps.forEach(p -> {
                    PartitionKey tp = new PartitionKey(topic, p);
                    if (Objects.equals(owners.get(tp), member.memberId())) {
                        owners.remove(tp);
                    }
                }));
    }

    /** Replay: the group epoch from a ConsumerGroupMetadata record. */
    public void restoreGroupEpoch(int epoch) {
        groupEpoch = epoch;
    }

    /** Replay: the epoch of the target assignment from a ConsumerGroupTargetAssignmentMetadata record. */
    public void restoreAssignmentEpoch(int epoch) {
        assignmentEpoch = epoch;
    }

    /** Replay: one member's target assignment; null removes it. */
    public void restoreTargetAssignment(String memberId, Assignment target) {
        if (target == null) {
            targetAssignment.remove(memberId);
        } else {
            targetAssignment.put(memberId, target);
        }
    }

    /** Replay: a member's epochs and partitions from a ConsumerGroupCurrentMemberAssignment record. */
    public void restoreMemberAssignment(
            ConsumerGroupMember member,
            int memberEpoch,
            int previousMemberEpoch,
            MemberState state,
            Assignment assigned,
            Assignment pendingRevocation) {
        member.setEpochs(memberEpoch, previousMemberEpoch);
        setAssignment(member, state, assigned, pendingRevocation);
    }

    /** A member that joins starts at epoch 0 with nothing, then reconciles like everyone else. */
    public void initMember(ConsumerGroupMember member) {
        member.setEpochs(0, -1);
        member.setReconciliation(MemberState.STABLE, Assignment.EMPTY, Assignment.EMPTY);
    }
}
