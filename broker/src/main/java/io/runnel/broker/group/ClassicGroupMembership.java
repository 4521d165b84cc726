package io.runnel.broker.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.group.classic.ClassicGroup;
import io.runnel.broker.group.classic.ClassicGroupMember;
import io.runnel.broker.group.classic.ClassicGroupState;
import io.runnel.broker.group.consumer.ConsumerGroup;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic rebalance protocol of one shard: JoinGroup, SyncGroup, Heartbeat, LeaveGroup and the timers that
 * drive a rebalance, following Kafka's group coordinator.
 *
 * <p>A rebalance moves the group to PreparingRebalance; it completes when every member has rejoined (or when the
 * rebalance timeout expires, dropping those who did not), bumping the generation and answering every parked
 * JoinGroup, the leader with the members' metadata. The leader's SyncGroup carries the assignments, which are
 * written with the group's metadata before any member gets its assignment. A group leaving Empty waits
 * {@code group.initial.rebalance.delay.ms} first, extended while members keep arriving (Kafka's
 * InitialDelayedJoin), so a starting fleet forms one generation instead of many.
 */
final class ClassicGroupMembership {

    private static final Logger log = LoggerFactory.getLogger(ClassicGroupMembership.class);

    /** How long a new member's parked JoinGroup may wait before it is dropped (Kafka's NewMemberJoinTimeoutMs). */
    static final int NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;

    private final GroupCoordinatorShard shard;

    ClassicGroupMembership(GroupCoordinatorShard shard) {
        this.shard = shard;
    }

    // ----------------------------------------------------------------------------------------------------- join

    CompletableFuture<JoinGroupResponseData> join(RequestMeta meta, JoinGroupRequestData req) {
        CompletableFuture<JoinGroupResponseData> response = new CompletableFuture<>();
        String groupId = req.groupId();
        if (groupId == null || groupId.isEmpty()) {
            return joinError(req.memberId(), Errors.INVALID_GROUP_ID);
        }
        GroupCoordinatorConfig config = shard.config();
        if (req.sessionTimeoutMs() < config.groupMinSessionTimeoutMs()
                || req.sessionTimeoutMs() > config.groupMaxSessionTimeoutMs()) {
            return joinError(req.memberId(), Errors.INVALID_SESSION_TIMEOUT);
        }
        boolean unknownMember = req.memberId().equals(JoinGroupRequest.UNKNOWN_MEMBER_ID);
        Group existing = shard.groups().get(groupId);
        if (existing instanceof ConsumerGroup consumerGroup) {
            if (!consumerGroup.isEmpty()) {
                return joinError(req.memberId(), Errors.INCONSISTENT_GROUP_PROTOCOL);
            }
            shard.groups().remove(groupId);
            existing = null;
        }
        ClassicGroup group = (ClassicGroup) existing;
        if (group == null) {
            if (!unknownMember) {
                return joinError(req.memberId(), Errors.UNKNOWN_MEMBER_ID);
            }
            group = new ClassicGroup(groupId, now());
            shard.groups().put(groupId, group);
        }
        if (unknownMember) {
            joinNewMember(meta, req, group, response);
        } else {
            joinExistingMember(meta, req, group, response);
        }
        if (group.isEmpty()
                && group.is(ClassicGroupState.EMPTY)
                && group.generationId() == 0
                && !shard.offsets().hasOffsets(groupId)
                && group.numPending() == 0) {
            // A group created by a join that failed validation holds nothing worth keeping.
            shard.groups().remove(groupId);
        }
        if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
            tryCompleteJoin(group);
        }
        return response;
    }

    private void joinNewMember(
            RequestMeta meta,
            JoinGroupRequestData req,
            ClassicGroup group,
            CompletableFuture<JoinGroupResponseData> response) {
        if (group.is(ClassicGroupState.DEAD)) {
            response.complete(joinErrorData(req.memberId(), Errors.COORDINATOR_NOT_AVAILABLE));
            return;
        }
        List<ClassicGroupMember.Protocol> protocols = protocols(req);
        if (!group.supportsProtocols(req.protocolType(), names(protocols))) {
            response.complete(joinErrorData(req.memberId(), Errors.INCONSISTENT_GROUP_PROTOCOL));
            return;
        }
        String instanceId = req.groupInstanceId();
        String existingStaticId =
                instanceId == null ? null : group.staticMemberId(instanceId).orElse(null);
        if (existingStaticId == null
                && group.size() + group.numPending() >= shard.config().groupMaxSize()) {
            response.complete(joinErrorData(req.memberId(), Errors.GROUP_MAX_SIZE_REACHED));
            return;
        }
        String newMemberId = (instanceId != null ? instanceId : meta.clientId()) + "-" + UUID.randomUUID();
        if (existingStaticId != null) {
            rejoinStaticMember(meta, req, group, existingStaticId, newMemberId, protocols, response);
        } else if (instanceId == null && JoinGroupRequest.requiresKnownMemberId(req, meta.apiVersion())) {
            // KIP-394: hand out the member id first, so a client that times out and retries rejoins as the same
            // member instead of leaving a ghost behind.
            group.addPendingMember(newMemberId);
            shard.timers()
                    .schedule(
                            pendingKey(group, newMemberId),
                            req.sessionTimeoutMs(),
                            () -> expirePendingMember(group, newMemberId));
            response.complete(joinErrorData(newMemberId, Errors.MEMBER_ID_REQUIRED));
        } else {
            addMemberAndRebalance(meta, req, group, newMemberId, protocols, response);
        }
    }

    private void joinExistingMember(
            RequestMeta meta,
            JoinGroupRequestData req,
            ClassicGroup group,
            CompletableFuture<JoinGroupResponseData> response) {
        String memberId = req.memberId();
        if (group.is(ClassicGroupState.DEAD)) {
            response.complete(joinErrorData(memberId, Errors.COORDINATOR_NOT_AVAILABLE));
            return;
        }
        List<ClassicGroupMember.Protocol> protocols = protocols(req);
        if (!group.supportsProtocols(req.protocolType(), names(protocols))) {
            response.complete(joinErrorData(memberId, Errors.INCONSISTENT_GROUP_PROTOCOL));
            return;
        }
        if (group.isPendingMember(memberId)) {
            group.removePendingMember(memberId);
            shard.timers().cancel(pendingKey(group, memberId));
            addMemberAndRebalance(meta, req, group, memberId, protocols, response);
            return;
        }
        Errors memberError = validateMember(group, memberId, req.groupInstanceId());
        if (memberError != Errors.NONE) {
            response.complete(joinErrorData(memberId, memberError));
            return;
        }
        ClassicGroupMember member = group.member(memberId);
        switch (group.classicState()) {
            case PREPARING_REBALANCE -> updateMemberAndRebalance(meta, req, group, member, protocols, response);
            case COMPLETING_REBALANCE -> {
                if (member.hasSameProtocols(protocols)) {
                    // The member lost the JoinGroup response; hand it the same one again.
                    response.complete(currentJoinResponse(group, member, false));
                } else {
                    updateMemberAndRebalance(meta, req, group, member, protocols, response);
                }
            }
            case STABLE -> {
                if (group.isLeader(memberId) || !member.hasSameProtocols(protocols)) {
                    // A rejoining leader wants a new assignment (e.g. metadata changed): rebalance.
                    updateMemberAndRebalance(meta, req, group, member, protocols, response);
                } else {
                    response.complete(currentJoinResponse(group, member, false));
                }
            }
            case EMPTY, DEAD -> response.complete(joinErrorData(memberId, Errors.UNKNOWN_MEMBER_ID));
        }
    }

    private void addMemberAndRebalance(
            RequestMeta meta,
            JoinGroupRequestData req,
            ClassicGroup group,
            String memberId,
            List<ClassicGroupMember.Protocol> protocols,
            CompletableFuture<JoinGroupResponseData> response) {
        ClassicGroupMember member = new ClassicGroupMember(
                memberId,
                req.groupInstanceId(),
                meta.clientId(),
                meta.clientHost(),
                req.rebalanceTimeoutMs() > 0 ? req.rebalanceTimeoutMs() : req.sessionTimeoutMs(),
                req.sessionTimeoutMs(),
                req.protocolType(),
                protocols);
        member.setNew(true);
        if (group.is(ClassicGroupState.PREPARING_REBALANCE) && group.generationId() == 0) {
            group.setNewMemberAdded(true);
        }
        group.add(member);
        member.setAwaitingJoin(response);
        // A new member cannot heartbeat before its JoinGroup returns, and a parked request hides a disconnect:
        // drop it if the join does not complete in time.
        scheduleSessionTimeout(group, member, NEW_MEMBER_JOIN_TIMEOUT_MS);
        maybePrepareRebalance(group, "member " + memberId + " joined");
    }

    private void updateMemberAndRebalance(
            RequestMeta meta,
            JoinGroupRequestData req,
            ClassicGroup group,
            ClassicGroupMember member,
            List<ClassicGroupMember.Protocol> protocols,
            CompletableFuture<JoinGroupResponseData> response) {
        member.update(
                meta.clientId(),
                meta.clientHost(),
                req.rebalanceTimeoutMs() > 0 ? req.rebalanceTimeoutMs() : req.sessionTimeoutMs(),
                req.sessionTimeoutMs(),
                protocols);
        completeJoin(member, joinErrorData(member.memberId(), Errors.UNKNOWN_MEMBER_ID));
        member.setAwaitingJoin(response);
        maybePrepareRebalance(group, "member " + member.memberId() + " rejoined");
    }

    /**
     * A static member restarted (new member id, same instance id). If the group is stable and its protocol stays
     * the same, the new id simply takes the old one's place and assignment: no rebalance (KIP-345). The old id is
     * fenced: its parked requests fail with FENCED_INSTANCE_ID.
     */
    private void rejoinStaticMember(
            RequestMeta meta,
            JoinGroupRequestData req,
            ClassicGroup group,
            String oldMemberId,
            String newMemberId,
            List<ClassicGroupMember.Protocol> protocols,
            CompletableFuture<JoinGroupResponseData> response) {
        ClassicGroupMember old = group.member(oldMemberId);
        List<ClassicGroupMember.Protocol> oldProtocols = old.protocols();
        int oldRebalanceTimeout = old.rebalanceTimeoutMs();
        int oldSessionTimeout = old.sessionTimeoutMs();
        completeJoin(old, joinErrorData(oldMemberId, Errors.FENCED_INSTANCE_ID));
        completeSync(old, syncError(Errors.FENCED_INSTANCE_ID));
        shard.timers().cancel(sessionKey(group, oldMemberId));
        ClassicGroupMember member = group.replaceStaticMember(req.groupInstanceId(), oldMemberId, newMemberId);
        member.update(
                meta.clientId(),
                meta.clientHost(),
                req.rebalanceTimeoutMs() > 0 ? req.rebalanceTimeoutMs() : req.sessionTimeoutMs(),
                req.sessionTimeoutMs(),
                protocols);
        scheduleSessionTimeout(group, member, member.sessionTimeoutMs());
        switch (group.classicState()) {
            case STABLE -> {
                if (!group.selectProtocol().equals(group.protocolName())) {
                    member.setAwaitingJoin(response);
                    maybePrepareRebalance(group, "static member " + newMemberId + " changed the group's protocol");
                    return;
                }
                Map<String, byte[]> assignments = currentAssignments(group);
                int generation = group.generationId();
                shard.write(List.of(GroupRecords.groupMetadata(now(), group, assignments)))
                        .whenComplete((offset, e) -> {
                            if (e != null) {
                                // Undo the replacement so the old instance keeps its place.
                                if (group.hasMember(newMemberId) && group.generationId() == generation) {
                                    group.replaceStaticMember(req.groupInstanceId(), newMemberId, oldMemberId)
                                            .update(
                                                    member.clientId(),
                                                    member.clientHost(),
                                                    oldRebalanceTimeout,
                                                    oldSessionTimeout,
                                                    oldProtocols);
                                    shard.timers().cancel(sessionKey(group, newMemberId));
                                    scheduleSessionTimeout(group, member, oldSessionTimeout);
                                }
                                response.complete(joinErrorData(newMemberId, AppendErrors.toClientError(e, false)));
                            } else {
                                response.complete(currentJoinResponse(group, member, group.isLeader(newMemberId)));
                            }
                        });
            }
            case COMPLETING_REBALANCE -> {
                // The leader may already be computing an assignment for the old member id: start over.
                member.setAwaitingJoin(response);
                prepareRebalance(group, "static member " + newMemberId + " rejoined during a rebalance");
            }
            case PREPARING_REBALANCE -> member.setAwaitingJoin(response);
            case EMPTY, DEAD ->
                throw new IllegalStateException("group " + group.groupId() + " has static member "
                        + req.groupInstanceId() + " in state " + group.classicState());
        }
    }

    private void expirePendingMember(ClassicGroup group, String memberId) {
        if (group.removePendingMember(memberId) && group.is(ClassicGroupState.PREPARING_REBALANCE)) {
            tryCompleteJoin(group);
        }
    }

    // --------------------------------------------------------------------------------------------- rebalancing

    private void maybePrepareRebalance(ClassicGroup group, String reason) {
        if (group.is(ClassicGroupState.STABLE)
                || group.is(ClassicGroupState.COMPLETING_REBALANCE)
                || group.is(ClassicGroupState.EMPTY)) {
            prepareRebalance(group, reason);
        }
    }

    private void prepareRebalance(ClassicGroup group, String reason) {
        if (group.is(ClassicGroupState.COMPLETING_REBALANCE)) {
            resetAndPropagateAssignmentError(group, Errors.REBALANCE_IN_PROGRESS);
        }
        boolean fromEmpty = group.is(ClassicGroupState.EMPTY);
        group.clearPendingSync();
        shard.timers().cancel(syncKey(group));
        group.transitionTo(ClassicGroupState.PREPARING_REBALANCE, now());
        log.info(
                "Preparing to rebalance group {} in generation {} ({})", group.groupId(), group.generationId(), reason);
        int initialDelay = shard.config().groupInitialRebalanceDelayMs();
        if (fromEmpty && initialDelay > 0) {
            int remaining = Math.max(group.maxRebalanceTimeoutMs() - initialDelay, 0);
            scheduleInitialJoin(group, initialDelay, remaining);
        } else {
            shard.timers().schedule(joinKey(group), group.maxRebalanceTimeoutMs(), () -> onCompleteJoin(group));
        }
    }

    private void scheduleInitialJoin(ClassicGroup group, int delayMs, int remainingMs) {
        shard.timers().schedule(initialJoinKey(group), delayMs, () -> {
            if (!group.is(ClassicGroupState.PREPARING_REBALANCE)) {
                return;
            }
            if (group.newMemberAdded() && remainingMs > 0) {
                group.setNewMemberAdded(false);
                int nextDelay = Math.min(shard.config().groupInitialRebalanceDelayMs(), remainingMs);
                scheduleInitialJoin(group, nextDelay, Math.max(remainingMs - nextDelay, 0));
            } else {
                onCompleteJoin(group);
            }
        });
    }

    private void tryCompleteJoin(ClassicGroup group) {
        if (group.is(ClassicGroupState.PREPARING_REBALANCE)
                && !shard.timers().isScheduled(initialJoinKey(group))
                && group.hasAllMembersJoined()) {
            onCompleteJoin(group);
        }
    }

    private void onCompleteJoin(ClassicGroup group) {
        if (!group.is(ClassicGroupState.PREPARING_REBALANCE)) {
            return;
        }
        shard.timers().cancel(joinKey(group));
        shard.timers().cancel(initialJoinKey(group));
        for (ClassicGroupMember member : group.memberList()) {
            if (!member.isAwaitingJoin()) {
                log.info(
                        "Removing member {} of group {}: it did not rejoin in time",
                        member.memberId(),
                        group.groupId());
                group.remove(member.memberId());
                shard.timers().cancel(sessionKey(group, member.memberId()));
            }
        }
        group.initNextGeneration(now());
        if (group.is(ClassicGroupState.EMPTY)) {
            log.info("Group {} is empty in generation {}", group.groupId(), group.generationId());
            shard.write(List.of(GroupRecords.groupMetadata(now(), group, Map.of())))
                    .whenComplete((offset, e) -> {
                        if (e != null) {
                            log.warn("Failed to write empty group {}: {}", group.groupId(), e.toString());
                        }
                    });
            return;
        }
        log.info(
                "Group {} completed join for generation {} with {} members, protocol {}",
                group.groupId(),
                group.generationId(),
                group.size(),
                group.protocolName());
        for (ClassicGroupMember member : group.memberList()) {
            completeJoin(member, currentJoinResponse(group, member, false));
            member.setNew(false);
            scheduleSessionTimeout(group, member, member.sessionTimeoutMs());
        }
        schedulePendingSync(group);
    }

    /**
     * Kafka's pending-sync timeout: members that got the new generation must send SyncGroup within the rebalance
     * timeout; those that do not are removed, so a leader that never syncs cannot stall the group while it keeps
     * heartbeating.
     */
    private void schedulePendingSync(ClassicGroup group) {
        group.setAllPendingSync();
        int generation = group.generationId();
        shard.timers().schedule(syncKey(group), group.maxRebalanceTimeoutMs(), () -> {
            if (group.generationId() != generation
                    || !(group.is(ClassicGroupState.COMPLETING_REBALANCE) || group.is(ClassicGroupState.STABLE))) {
                return;
            }
            for (String memberId : group.pendingSyncMembers()) {
                ClassicGroupMember member = group.member(memberId);
                if (member != null) {
                    removeMemberAndUpdateGroup(group, member, "no SyncGroup within the rebalance timeout");
                }
            }
        });
    }

    private JoinGroupResponseData currentJoinResponse(ClassicGroup group, ClassicGroupMember member, boolean skip) {
        List<JoinGroupResponseData.JoinGroupResponseMember> members = new ArrayList<>();
        if (group.isLeader(member.memberId())) {
            for (ClassicGroupMember m : group.members()) {
                members.add(new JoinGroupResponseData.JoinGroupResponseMember()
                        .setMemberId(m.memberId())
                        .setGroupInstanceId(m.groupInstanceId())
                        .setMetadata(m.metadata(group.protocolName())));
            }
        }
        return new JoinGroupResponseData()
                .setErrorCode(Errors.NONE.code())
                .setGenerationId(group.generationId())
                .setProtocolType(group.protocolTypeIfSet().orElse(null))
                .setProtocolName(group.protocolName())
                .setLeader(group.leaderId())
                .setMemberId(member.memberId())
                .setSkipAssignment(skip)
                .setMembers(members);
    }

    // ----------------------------------------------------------------------------------------------------- sync

    CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequestData req) {
        CompletableFuture<SyncGroupResponseData> response = new CompletableFuture<>();
        if (!(shard.groups().get(req.groupId()) instanceof ClassicGroup group)) {
            return CompletableFuture.completedFuture(syncError(Errors.UNKNOWN_MEMBER_ID));
        }
        if (group.is(ClassicGroupState.DEAD)) {
            return CompletableFuture.completedFuture(syncError(Errors.COORDINATOR_NOT_AVAILABLE));
        }
        Errors memberError = validateMember(group, req.memberId(), req.groupInstanceId());
        if (memberError != Errors.NONE) {
            return CompletableFuture.completedFuture(syncError(memberError));
        }
        if (req.generationId() != group.generationId()) {
            return CompletableFuture.completedFuture(syncError(Errors.ILLEGAL_GENERATION));
        }
        if ((req.protocolType() != null && !req.protocolType().equals(group.protocolType()))
                || (req.protocolName() != null && !req.protocolName().equals(group.protocolName()))) {
            return CompletableFuture.completedFuture(syncError(Errors.INCONSISTENT_GROUP_PROTOCOL));
        }
        ClassicGroupMember member = group.member(req.memberId());
        if (group.is(ClassicGroupState.COMPLETING_REBALANCE) || group.is(ClassicGroupState.STABLE)) {
            group.markSynced(req.memberId());
            if (group.pendingSyncMembers().isEmpty()) {
                shard.timers().cancel(syncKey(group));
            }
        }
        switch (group.classicState()) {
            case EMPTY, DEAD -> response.complete(syncError(Errors.UNKNOWN_MEMBER_ID));
            case PREPARING_REBALANCE -> response.complete(syncError(Errors.REBALANCE_IN_PROGRESS));
            case COMPLETING_REBALANCE -> {
                member.setAwaitingSync(response);
                scheduleSessionTimeout(group, member, member.sessionTimeoutMs());
                if (group.isLeader(req.memberId())) {
                    storeLeaderAssignment(group, req);
                }
            }
            case STABLE -> {
                scheduleSessionTimeout(group, member, member.sessionTimeoutMs());
                response.complete(syncSuccess(group, member.assignment()));
            }
        }
        return response;
    }

    private void storeLeaderAssignment(ClassicGroup group, SyncGroupRequestData req) {
        Map<String, byte[]> assignments = new HashMap<>();
        for (SyncGroupRequestData.SyncGroupRequestAssignment a : req.assignments()) {
            if (group.hasMember(a.memberId())) {
                assignments.put(a.memberId(), a.assignment());
            }
        }
        int generation = group.generationId();
        shard.write(List.of(GroupRecords.groupMetadata(now(), group, assignments)))
                .whenComplete((offset, e) -> {
                    // The group may have moved on while the write was in flight; then this result is moot.
                    if (!group.is(ClassicGroupState.COMPLETING_REBALANCE) || group.generationId() != generation) {
                        return;
                    }
                    if (e != null) {
                        resetAndPropagateAssignmentError(group, AppendErrors.toClientError(e, false));
                        maybePrepareRebalance(group, "failed to store the group's assignment");
                        return;
                    }
                    for (ClassicGroupMember m : group.members()) {
                        m.setAssignment(assignments.get(m.memberId()));
                        completeSync(m, syncSuccess(group, m.assignment()));
                    }
                    group.transitionTo(ClassicGroupState.STABLE, now());
                    log.info("Group {} is stable in generation {}", group.groupId(), group.generationId());
                });
    }

    private void resetAndPropagateAssignmentError(ClassicGroup group, Errors error) {
        for (ClassicGroupMember m : group.members()) {
            m.setAssignment(null);
            completeSync(m, syncError(error));
        }
    }

    private SyncGroupResponseData syncSuccess(ClassicGroup group, byte[] assignment) {
        return new SyncGroupResponseData()
                .setErrorCode(Errors.NONE.code())
                .setProtocolType(group.protocolTypeIfSet().orElse(null))
                .setProtocolName(group.protocolName())
                .setAssignment(assignment);
    }

    private static SyncGroupResponseData syncError(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(new byte[0]);
    }

    // ------------------------------------------------------------------------------------------------ heartbeat

    HeartbeatResponseData heartbeat(HeartbeatRequestData req) {
        Errors error = heartbeatError(req);
        return new HeartbeatResponseData().setErrorCode(error.code());
    }

    private Errors heartbeatError(HeartbeatRequestData req) {
        if (!(shard.groups().get(req.groupId()) instanceof ClassicGroup group)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (group.is(ClassicGroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        Errors memberError = validateMember(group, req.memberId(), req.groupInstanceId());
        if (memberError != Errors.NONE) {
            return memberError;
        }
        if (req.generationId() != group.generationId()) {
            return Errors.ILLEGAL_GENERATION;
        }
        ClassicGroupMember member = group.member(req.memberId());
        return switch (group.classicState()) {
            case EMPTY, DEAD -> Errors.UNKNOWN_MEMBER_ID;
            case COMPLETING_REBALANCE, STABLE -> {
                scheduleSessionTimeout(group, member, member.sessionTimeoutMs());
                yield Errors.NONE;
            }
            case PREPARING_REBALANCE -> {
                scheduleSessionTimeout(group, member, member.sessionTimeoutMs());
                yield Errors.REBALANCE_IN_PROGRESS;
            }
        };
    }

    // ---------------------------------------------------------------------------------------------------- leave

    LeaveGroupResponseData leave(LeaveGroupRequestData req) {
        LeaveGroupResponseData response = new LeaveGroupResponseData();
        Group found = shard.groups().get(req.groupId());
        ClassicGroup group = found instanceof ClassicGroup g ? g : null;
        if (group != null && group.is(ClassicGroupState.DEAD)) {
            return response.setErrorCode(Errors.COORDINATOR_NOT_AVAILABLE.code());
        }
        for (LeaveGroupRequestData.MemberIdentity identity : req.members()) {
            Errors error = group == null ? Errors.UNKNOWN_MEMBER_ID : leaveOne(group, identity);
            response.members()
                    .add(new LeaveGroupResponseData.MemberResponse()
                            .setMemberId(identity.memberId())
                            .setGroupInstanceId(identity.groupInstanceId())
                            .setErrorCode(error.code()));
        }
        return response;
    }

    private Errors leaveOne(ClassicGroup group, LeaveGroupRequestData.MemberIdentity identity) {
        String memberId = identity.memberId();
        String instanceId = identity.groupInstanceId();
        if (instanceId != null) {
            String staticId = group.staticMemberId(instanceId).orElse(null);
            if (staticId == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            // An empty member id is an admin removing the instance (kafka-consumer-groups --delete-members).
            if (!memberId.equals(JoinGroupRequest.UNKNOWN_MEMBER_ID) && !memberId.equals(staticId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            removeMemberAndUpdateGroup(group, group.member(staticId), "static member left");
            return Errors.NONE;
        }
        if (group.isPendingMember(memberId)) {
            group.removePendingMember(memberId);
            shard.timers().cancel(pendingKey(group, memberId));
            if (group.is(ClassicGroupState.PREPARING_REBALANCE)) {
                tryCompleteJoin(group);
            }
            return Errors.NONE;
        }
        if (!group.hasMember(memberId)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        removeMemberAndUpdateGroup(group, group.member(memberId), "member left");
        return Errors.NONE;
    }

    private void removeMemberAndUpdateGroup(ClassicGroup group, ClassicGroupMember member, String reason) {
        // A parked JoinGroup is answered first, so a still-alive client learns to rejoin.
        completeJoin(member, joinErrorData(member.memberId(), Errors.UNKNOWN_MEMBER_ID));
        completeSync(member, syncError(Errors.UNKNOWN_MEMBER_ID));
        group.remove(member.memberId());
        shard.timers().cancel(sessionKey(group, member.memberId()));
        log.info("Member {} removed from group {}: {}", member.memberId(), group.groupId(), reason);
        switch (group.classicState()) {
            case STABLE, COMPLETING_REBALANCE -> maybePrepareRebalance(group, reason);
            case PREPARING_REBALANCE -> tryCompleteJoin(group);
            case EMPTY, DEAD -> {}
        }
    }

    // --------------------------------------------------------------------------------------------------- timers

    private void scheduleSessionTimeout(ClassicGroup group, ClassicGroupMember member, int timeoutMs) {
        String memberId = member.memberId();
        shard.timers().schedule(sessionKey(group, memberId), timeoutMs, () -> onSessionExpired(group, memberId));
    }

    private void onSessionExpired(ClassicGroup group, String memberId) {
        ClassicGroupMember member = group.member(memberId);
        if (member == null || group.is(ClassicGroupState.DEAD)) {
            return;
        }
        // Members parked in a rebalance do not heartbeat; their rebalance timeout governs them instead.
        if (!member.isNew() && (member.isAwaitingJoin() || member.awaitingSync() != null)) {
            scheduleSessionTimeout(group, member, member.sessionTimeoutMs());
            return;
        }
        removeMemberAndUpdateGroup(group, member, "session timeout expired");
    }

    /** After loading: members restored from the log must heartbeat within their session timeout. */
    void onLoaded() {
        for (Group g : shard.groups().values()) {
            if (g instanceof ClassicGroup group) {
                for (ClassicGroupMember m : group.members()) {
                    scheduleSessionTimeout(group, m, m.sessionTimeoutMs());
                }
            }
        }
    }

    void onUnloaded() {
        for (Group g : shard.groups().values()) {
            if (g instanceof ClassicGroup group) {
                for (ClassicGroupMember m : group.members()) {
                    completeJoin(m, joinErrorData(m.memberId(), Errors.NOT_COORDINATOR));
                    completeSync(m, syncError(Errors.NOT_COORDINATOR));
                }
            }
        }
    }

    /** Called when a group is deleted: cancels its timers. */
    void onGroupDeleted(ClassicGroup group) {
        for (ClassicGroupMember m : group.members()) {
            shard.timers().cancel(sessionKey(group, m.memberId()));
        }
        shard.timers().cancel(joinKey(group));
        shard.timers().cancel(initialJoinKey(group));
        shard.timers().cancel(syncKey(group));
    }

    // -------------------------------------------------------------------------------------------------- helpers

    /** Kafka's member validation: a static instance must use its current member id, else the id must be known. */
    static Errors validateMember(ClassicGroup group, String memberId, String groupInstanceId) {
        if (groupInstanceId != null) {
            String staticId = group.staticMemberId(groupInstanceId).orElse(null);
            if (staticId != null && !staticId.equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
        }
        return group.hasMember(memberId) ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
    }

    private static Map<String, byte[]> currentAssignments(ClassicGroup group) {
        Map<String, byte[]> result = new HashMap<>();
        group.members().forEach(m -> result.put(m.memberId(), m.assignment()));
        return result;
    }

    private static void completeJoin(ClassicGroupMember member, JoinGroupResponseData data) {
        CompletableFuture<JoinGroupResponseData> f = member.awaitingJoin();
        if (f != null) {
            member.setAwaitingJoin(null);
            f.complete(data);
        }
    }

    private static void completeSync(ClassicGroupMember member, SyncGroupResponseData data) {
        CompletableFuture<SyncGroupResponseData> f = member.awaitingSync();
        if (f != null) {
            member.setAwaitingSync(null);
            f.complete(data);
        }
    }

    private static List<ClassicGroupMember.Protocol> protocols(JoinGroupRequestData req) {
        List<ClassicGroupMember.Protocol> result = new ArrayList<>();
        req.protocols().forEach(p -> result.add(new ClassicGroupMember.Protocol(p.name(), p.metadata())));
        return result;
    }

    private static List<String> names(List<ClassicGroupMember.Protocol> protocols) {
        return protocols.stream().map(ClassicGroupMember.Protocol::name).toList();
    }

    private static CompletableFuture<JoinGroupResponseData> joinError(String memberId, Errors error) {
        return CompletableFuture.completedFuture(joinErrorData(memberId, error));
    }

    static JoinGroupResponseData joinErrorData(String memberId, Errors error) {
        return new JoinGroupResponseData()
                .setErrorCode(error.code())
                .setMemberId(memberId)
                .setGenerationId(JoinGroupRequest.UNKNOWN_GENERATION_ID)
                .setProtocolName(null)
                .setProtocolType(null)
                .setLeader("");
    }

    private long now() {
        return shard.time().milliseconds();
    }

    private static String sessionKey(ClassicGroup g, String memberId) {
        return "session\0" + g.groupId() + "\0" + memberId;
    }

    private static String pendingKey(ClassicGroup g, String memberId) {
        return "pending\0" + g.groupId() + "\0" + memberId;
    }

    private static String syncKey(ClassicGroup g) {
        return "sync\0" + g.groupId();
    }

    private static String joinKey(ClassicGroup g) {
        return "join\0" + g.groupId();
    }

    private static String initialJoinKey(ClassicGroup g) {
        return "initial-join\0" + g.groupId();
    }
}
