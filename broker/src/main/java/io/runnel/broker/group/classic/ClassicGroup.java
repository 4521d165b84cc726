package io.runnel.broker.group.classic;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.runnel.broker.group.Group;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;

/**
 * A classic-protocol group (JoinGroup/SyncGroup): its members, generation and selected protocol. The coordinator
 * does not interpret protocols; it picks one every member supports and relays the leader's assignments. Only
 * for protocol type "consumer" does it read subscriptions, to know which topics the group uses.
 *
 * <p>Mutable; touched only from the owning shard's executor.
 */
public final class ClassicGroup implements Group {

    public static final String CONSUMER_PROTOCOL_TYPE = "consumer";

    private final String groupId;
    private ClassicGroupState state = ClassicGroupState.EMPTY;
    private long currentStateTimestamp;
    private String protocolType;
    private String protocolName;
    private int generationId;
    private String leaderId;
    private final Map<String, ClassicGroupMember> members = new LinkedHashMap<>();
    private final Map<String, String> staticMembers = new HashMap<>();
    private final Set<String> pendingMembers = new HashSet<>();
    private final Set<String> pendingSyncMembers = new HashSet<>();
    private boolean newMemberAdded;
    private Set<String> subscribedTopics;

    public ClassicGroup(String groupId, long nowMs) {
        this.groupId = groupId;
        this.currentStateTimestamp = nowMs;
    }

    @Override
    public String groupId() {
        return groupId;
    }

    @Override
    public GroupType type() {
        return GroupType.CLASSIC;
    }

    @Override
    public GroupState state() {
        return state.publicState();
    }

    public ClassicGroupState classicState() {
        return state;
    }

    public boolean is(ClassicGroupState s) {
        return state == s;
    }

    public void transitionTo(ClassicGroupState next, long nowMs) {
        if (!next.canFollow(state)) {
            throw new IllegalStateException(
                    "group " + groupId + " cannot move from " + state + " to " + next + " (invalid transition)");
        }
        state = next;
        currentStateTimestamp = nowMs;
    }

    public long currentStateTimestamp() {
        return currentStateTimestamp;
    }

    @Override
    public String protocolType() {
        return protocolType == null ? "" : protocolType;
    }

    public Optional<String> protocolTypeIfSet() {
        return Optional.ofNullable(protocolType);
    }

    public String protocolName() {
        return protocolName;
    }

    public int generationId() {
        return generationId;
    }

    public String leaderId() {
        return leaderId;
    }

    public boolean isLeader(String memberId) {
        return memberId.equals(leaderId);
    }

    @Override
    public boolean isEmpty() {
        return members.isEmpty();
    }

    public int size() {
        return members.size();
    }

    public Collection<ClassicGroupMember> members() {
        return members.values();
    }

    public ClassicGroupMember member(String memberId) {
        return members.get(memberId);
    }

    public boolean hasMember(String memberId) {
        return members.containsKey(memberId);
    }

    public Optional<String> staticMemberId(String groupInstanceId) {
        return Optional.ofNullable(staticMembers.get(groupInstanceId));
    }

    public void add(ClassicGroupMember member) {
        if (members.isEmpty()) {
            protocolType = member.protocolType();
        }
        members.put(member.memberId(), member);
        if (member.isStatic()) {
            staticMembers.put(member.groupInstanceId(), member.memberId());
        }
        if (leaderId == null) {
            leaderId = member.memberId();
        }
        subscribedTopics = null;
    }

    public void remove(String memberId) {
        pendingSyncMembers.remove(memberId);
        ClassicGroupMember removed = members.remove(memberId);
        if (removed != null && removed.isStatic()) {
            staticMembers.remove(removed.groupInstanceId(), memberId);
        }
        if (memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
        subscribedTopics = null;
    }

    /** A static member rejoined with a new member id: the new id takes over its place, metadata and assignment. */
    public ClassicGroupMember replaceStaticMember(String groupInstanceId, String oldMemberId, String newMemberId) {
        ClassicGroupMember member = members.remove(oldMemberId);
        member.setMemberId(newMemberId);
        members.put(newMemberId, member);
        if (pendingSyncMembers.remove(oldMemberId)) {
            pendingSyncMembers.add(newMemberId);
        }
        staticMembers.put(groupInstanceId, newMemberId);
        if (oldMemberId.equals(leaderId)) {
            leaderId = newMemberId;
        }
        return member;
    }

    public void addPendingMember(String memberId) {
        pendingMembers.add(memberId);
    }

    public boolean removePendingMember(String memberId) {
        return pendingMembers.remove(memberId);
    }

    public boolean isPendingMember(String memberId) {
        return pendingMembers.contains(memberId);
    }

    public int numPending() {
        return pendingMembers.size();
    }

    /** Members that got the new generation but have not sent SyncGroup for it yet. */
    public Set<String> pendingSyncMembers() {
        return Set.copyOf(pendingSyncMembers);
    }

    public void setAllPendingSync() {
        pendingSyncMembers.clear();
        pendingSyncMembers.addAll(members.keySet());
    }

    public void markSynced(String memberId) {
        pendingSyncMembers.remove(memberId);
    }

    public void clearPendingSync() {
        pendingSyncMembers.clear();
    }

    public boolean newMemberAdded() {
        return newMemberAdded;
    }

    public void setNewMemberAdded(boolean added) {
        this.newMemberAdded = added;
    }

    public int numAwaitingJoin() {
        int n = 0;
        for (ClassicGroupMember m : members.values()) {
            if (m.isAwaitingJoin()) {
                n++;
            }
        }
        return n;
    }

    /** Kafka's join completion rule: every known member rejoined and no member id handed out is still unused. */
    public boolean hasAllMembersJoined() {
        return members.size() == numAwaitingJoin() && pendingMembers.isEmpty();
    }

    public int maxRebalanceTimeoutMs() {
        int max = 0;
        for (ClassicGroupMember m : members.values()) {
            max = Math.max(max, m.rebalanceTimeoutMs());
        }
        return max;
    }

    /**
     * Whether a member joining with {@code type} and {@code protocols} fits: same protocol type, and (for a non
     * empty group) at least one protocol every current member also supports.
     */
    public boolean supportsProtocols(String type, List<String> protocols) {
        if (members.isEmpty()) {
            return type != null && !type.isEmpty() && !protocols.isEmpty();
        }
        if (!type.equals(protocolType)) {
            return false;
        }
        Set<String> candidates = candidateProtocols();
        for (String p : protocols) {
            if (candidates.contains(p)) {
                return true;
            }
        }
        return false;
    }

    private Set<String> candidateProtocols() {
        Set<String> candidates = null;
        for (ClassicGroupMember m : members.values()) {
            Set<String> names = new LinkedHashSet<>();
            m.protocols().forEach(p -> names.add(p.name()));
            if (candidates == null) {
                candidates = names;
            } else {
                candidates.retainAll(names);
            }
        }
        return candidates == null ? Set.of() : candidates;
    }

    /**
     * Kafka's protocol selection: among the protocols all members support, each member votes for the first one in
     * its own preference order; the most votes wins (ties go to the protocol listed first by the leader).
     */
    public String selectProtocol() {
        Set<String> candidates = candidateProtocols();
        if (candidates.isEmpty()) {
            throw new IllegalStateException("no protocol supported by all members of group " + groupId);
        }
        Map<String, Integer> votes = new LinkedHashMap<>();
        ClassicGroupMember leader = leaderId == null ? null : members.get(leaderId);
        if (leader != null) {
            leader.protocols().stream()
                    .map(ClassicGroupMember.Protocol::name)
                    .filter(candidates::contains)
                    .forEach(p -> votes.put(p, 0));
        }
        for (ClassicGroupMember m : members.values()) {
            for (ClassicGroupMember.Protocol p : m.protocols()) {
                if (candidates.contains(p.name())) {
                    votes.merge(p.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        String best = null;
        int bestVotes = -1;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (e.getValue() > bestVotes) {
                best = e.getKey();
                bestVotes = e.getValue();
            }
        }
        return best;
    }

    /** Starts the next generation: bumps it and selects the protocol (or clears it when the group is empty). */
    public void initNextGeneration(long nowMs) {
        generationId++;
        if (members.isEmpty()) {
            protocolName = null;
            leaderId = null;
            transitionTo(ClassicGroupState.EMPTY, nowMs);
        } else {
            protocolName = selectProtocol();
            subscribedTopics = null;
            transitionTo(ClassicGroupState.COMPLETING_REBALANCE, nowMs);
        }
    }

    /** Restores the group from its metadata record (log replay). */
    public void restore(
            String protocolType,
            int generationId,
            String protocolName,
            String leaderId,
            long stateTimestamp,
            List<ClassicGroupMember> restored) {
        this.protocolType = protocolType == null || protocolType.isEmpty() ? null : protocolType;
        this.generationId = generationId;
        this.protocolName = protocolName;
        members.clear();
        staticMembers.clear();
        restored.forEach(this::add);
        this.leaderId = leaderId;
        this.state = restored.isEmpty() ? ClassicGroupState.EMPTY : ClassicGroupState.STABLE;
        if (stateTimestamp >= 0) {
            this.currentStateTimestamp = stateTimestamp;
        }
    }

    public List<ClassicGroupMember> memberList() {
        return new ArrayList<>(members.values());
    }

    @Override
    public boolean isSubscribedTo(String topic) {
        return subscribedTopics().map(t -> t.contains(topic)).orElse(true);
    }

    /**
     * Topics the members subscribe to, decoded from their consumer-protocol metadata; empty (unknown) when the
     * group does not use the consumer protocol or a subscription does not parse, in which case Kafka assumes the
     * group may use every topic.
     */
    public Optional<Set<String>> subscribedTopics() {
        if (members.isEmpty()) {
            return Optional.of(Set.of());
        }
        if (!CONSUMER_PROTOCOL_TYPE.equals(protocolType) || protocolName == null) {
            return Optional.empty();
        }
        if (subscribedTopics == null) {
            Set<String> topics = new HashSet<>();
            try {
                for (ClassicGroupMember m : members.values()) {
                    ConsumerPartitionAssignor.Subscription s =
                            ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(m.metadata(protocolName)));
                    topics.addAll(s.topics());
                }
            } catch (RuntimeException e) {
                return Optional.empty();
            }
            subscribedTopics = topics;
        }
        return Optional.of(subscribedTopics);
    }
}
