package io.runnel.broker.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.group.classic.ClassicGroup;
import io.runnel.broker.group.consumer.Assignment;
import io.runnel.broker.group.consumer.ConsumerGroup;
import io.runnel.broker.group.consumer.ConsumerGroupMember;
import io.runnel.broker.group.consumer.MemberState;
import io.runnel.broker.group.consumer.PartitionAssignor;
import io.runnel.broker.group.consumer.RangeAssignor;
import io.runnel.broker.group.consumer.UniformAssignor;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeResponseData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KIP-848 consumer protocol of one shard: ConsumerGroupHeartbeat and ConsumerGroupDescribe.
 *
 * <p>Every heartbeat (1) applies the member's joins, leaves and subscription changes, bumping the group epoch;
 * (2) if the group epoch is ahead of the target assignment, or subscribed topics' metadata changed, recomputes the
 * target with the server assignor; (3) reconciles the member one step towards its target (revoke first, then move
 * to the new epoch and take released partitions) and tells it its current assignment.
 *
 * <p>Every change is written to {@code __consumer_offsets} as Kafka's consumer-group records
 * ({@link ConsumerGroupRecords}) before the heartbeat is answered, so a new coordinator replaying the partition
 * continues with the same members, epochs and assignments. In-memory state is changed first and not rolled back
 * if the write fails (the member gets the write's error, typically NOT_COORDINATOR as the shard is resigning).
 */
final class ConsumerGroupMembership {

    private static final Logger log = LoggerFactory.getLogger(ConsumerGroupMembership.class);

    private final GroupCoordinatorShard shard;
    private final TopicMetadataLookup topics;
    private final Map<String, PartitionAssignor> assignors = new HashMap<>();

    ConsumerGroupMembership(GroupCoordinatorShard shard, TopicMetadataLookup topics) {
        this.shard = shard;
        this.topics = topics;
        for (PartitionAssignor a : List.of(new UniformAssignor(), new RangeAssignor())) {
            if (shard.config().consumerGroupAssignors().contains(a.name())) {
                assignors.put(a.name(), a);
            }
        }
    }

    /**
     * Handles one heartbeat; the response is sent once the records of the changes it made are committed to the
     * offsets partition.
     */
    CompletableFuture<ConsumerGroupHeartbeatResponseData> heartbeat(
            RequestMeta meta, ConsumerGroupHeartbeatRequestData req) {
        List<SimpleRecord> records = new ArrayList<>();
        ConsumerGroupHeartbeatResponseData response;
        try {
            response = doHeartbeat(meta, req, records);
        } catch (HeartbeatError e) {
            return CompletableFuture.completedFuture(errorResponse(e.error, e.getMessage()));
        }
        return shard.write(records)
                .handle((offset, e) -> e == null
                        ? response
                        : errorResponse(AppendErrors.toClientError(e, false), "Failed to persist the group's state."));
    }

    private static ConsumerGroupHeartbeatResponseData errorResponse(Errors error, String message) {
        return new ConsumerGroupHeartbeatResponseData()
                .setErrorCode(error.code())
                .setErrorMessage(message);
    }

    private ConsumerGroupHeartbeatResponseData doHeartbeat(
            RequestMeta meta, ConsumerGroupHeartbeatRequestData req, List<SimpleRecord> records) {
        validate(meta, req);
        String memberId = req.memberId();
        if (memberId.isEmpty()) {
            memberId = Uuid.randomUuid().toString(); // v0: the coordinator names new members
        }
        int epoch = req.memberEpoch();
        if (epoch < 0) {
            return leave(req, memberId, records);
        }
        ConsumerGroup group = groupForHeartbeat(req.groupId(), epoch == 0, records);
        ConsumerGroupMember member = group.member(memberId);
        Assignment owned = owned(req.topicPartitions());
        boolean joining = epoch == 0;
        boolean replacedStaticMember = false;
        if (joining) {
            if (member != null) {
                // A member rejoining at epoch 0 starts over: drop its old state and partitions.
                removeMember(group, memberId, records);
            }
            ConsumerGroupMember previous = req.instanceId() == null ? null : group.staticMember(req.instanceId());
            if (previous != null && previous.memberEpoch() != ConsumerGroupMember.LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
                throw new HeartbeatError(
                        Errors.UNRELEASED_INSTANCE_ID,
                        "instance " + req.instanceId() + " is still used by member " + previous.memberId());
            }
            if (previous == null && group.size() >= shard.config().consumerGroupMaxSize()) {
                throw new HeartbeatError(Errors.GROUP_MAX_SIZE_REACHED, "group " + group.groupId() + " is full");
            }
            member = new ConsumerGroupMember(memberId, req.instanceId());
            if (previous != null) {
                replacedStaticMember = true;
                records.addAll(ConsumerGroupRecords.memberTombstones(
                        shard.time().milliseconds(), group.groupId(), previous.memberId()));
                shard.timers().cancel(sessionKey(group, previous.memberId()));
                shard.timers().cancel(rebalanceKey(group, previous.memberId()));
                group.replaceStaticMember(previous.memberId(), member);
                records.add(ConsumerGroupRecords.targetAssignmentOf(shard.time().milliseconds(), group, memberId));
            } else {
                group.initMember(member);
                group.addMember(member);
            }
        } else {
            if (member == null) {
                throw new HeartbeatError(Errors.UNKNOWN_MEMBER_ID, "member " + memberId + " is not in the group");
            }
            if (epoch != member.memberEpoch()) {
                boolean lostResponse =
                        epoch == member.previousMemberEpoch() && owned != null && owned.isSubsetOf(member.assigned());
                if (!lostResponse) {
                    throw new HeartbeatError(
                            Errors.FENCED_MEMBER_EPOCH,
                            "member epoch " + epoch + " is not the current epoch " + member.memberEpoch());
                }
            }
        }
        member.updateClientInfo(meta.clientId(), meta.clientHost(), req.rackId(), req.rebalanceTimeoutMs());
        boolean subscriptionChanged = member.updateSubscription(req.subscribedTopicNames(), req.serverAssignor());
        boolean metadataChanged = refreshTopicMetadata(group);
        long now = shard.time().milliseconds();
        if (joining || subscriptionChanged) {
            records.add(ConsumerGroupRecords.memberMetadata(now, group, member));
        }
        // One epoch per change, however many aspects of the group it touched.
        if ((joining && !replacedStaticMember) || subscriptionChanged || metadataChanged) {
            group.bumpGroupEpoch();
            records.add(ConsumerGroupRecords.groupEpoch(now, group));
        }
        if (group.groupEpoch() > group.assignmentEpoch()) {
            computeTargetAssignment(group, records);
        }
        Assignment before = member.assigned();
        MemberState stateBefore = member.state();
        int epochBefore = member.memberEpoch();
        Assignment pendingBefore = member.pendingRevocation();
        group.reconcile(member, owned);
        boolean changed = !before.equals(member.assigned());
        if (joining
                || changed
                || stateBefore != member.state()
                || epochBefore != member.memberEpoch()
                || !pendingBefore.equals(member.pendingRevocation())) {
            records.add(ConsumerGroupRecords.currentAssignment(now, group, member));
        }
        scheduleSessionTimeout(group, memberId);
        if (member.state() == MemberState.UNREVOKED_PARTITIONS) {
            if (stateBefore != MemberState.UNREVOKED_PARTITIONS) {
                scheduleRebalanceTimeout(group, member);
            }
        } else {
            shard.timers().cancel(rebalanceKey(group, memberId));
        }

        ConsumerGroupHeartbeatResponseData response = new ConsumerGroupHeartbeatResponseData()
                .setMemberId(memberId)
                .setMemberEpoch(member.memberEpoch())
                .setHeartbeatIntervalMs(shard.config().consumerGroupHeartbeatIntervalMs());
        if (joining || changed || (owned != null && !owned.equals(member.assigned()))) {
            response.setAssignment(toResponse(member.assigned()));
        }
        return response;
    }

    private void validate(RequestMeta meta, ConsumerGroupHeartbeatRequestData req) {
        if (req.groupId() == null || req.groupId().isEmpty()) {
            throw new HeartbeatError(Errors.INVALID_REQUEST, "GroupId can't be empty.");
        }
        if (req.instanceId() != null && req.instanceId().isEmpty()) {
            throw new HeartbeatError(Errors.INVALID_REQUEST, "InstanceId can't be empty.");
        }
        if (req.rackId() != null && req.rackId().isEmpty()) {
            throw new HeartbeatError(Errors.INVALID_REQUEST, "RackId can't be empty.");
        }
        int epoch = req.memberEpoch();
        if (req.memberId().isEmpty() && (meta.apiVersion() >= 1 || epoch != 0)) {
            throw new HeartbeatError(Errors.INVALID_REQUEST, "MemberId can't be empty.");
        }
        if (epoch == 0) {
            if (req.rebalanceTimeoutMs() == -1) {
                throw new HeartbeatError(
                        Errors.INVALID_REQUEST, "RebalanceTimeoutMs must be provided in first request.");
            }
            if (req.topicPartitions() == null || !req.topicPartitions().isEmpty()) {
                throw new HeartbeatError(Errors.INVALID_REQUEST, "TopicPartitions must be empty when (re-)joining.");
            }
            if (req.subscribedTopicNames() == null && req.subscribedTopicRegex() == null) {
                throw new HeartbeatError(
                        Errors.INVALID_REQUEST,
                        "SubscribedTopicNames or SubscribedTopicRegex must be set in first request.");
            }
        } else if (epoch == ConsumerGroupMember.LEAVE_GROUP_STATIC_MEMBER_EPOCH && req.instanceId() == null) {
            throw new HeartbeatError(Errors.INVALID_REQUEST, "InstanceId can't be null when leaving temporarily.");
        } else if (epoch < ConsumerGroupMember.LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
            throw new HeartbeatError(Errors.INVALID_REQUEST, "MemberEpoch " + epoch + " is invalid.");
        }
        if (req.subscribedTopicRegex() != null) {
            throw new HeartbeatError(
                    Errors.INVALID_REGULAR_EXPRESSION, "Regular expression subscriptions are not supported yet.");
        }
        if (req.serverAssignor() != null && !assignors.containsKey(req.serverAssignor())) {
            throw new HeartbeatError(
                    Errors.UNSUPPORTED_ASSIGNOR, "ServerAssignor " + req.serverAssignor() + " is not supported.");
        }
    }

    private ConsumerGroup groupForHeartbeat(String groupId, boolean create, List<SimpleRecord> records) {
        Group existing = shard.groups().get(groupId);
        if (existing instanceof ConsumerGroup cg) {
            return cg;
        }
        if (existing instanceof ClassicGroup classic) {
            if (!classic.isEmpty() || classic.numPending() > 0) {
                throw new HeartbeatError(Errors.GROUP_ID_NOT_FOUND, "Group " + groupId + " is not a consumer group.");
            }
            // An empty classic group (e.g. only committed offsets) converts; its offsets stay.
            shard.classic().onGroupDeleted(classic);
            records.add(GroupRecords.groupTombstone(shard.time().milliseconds(), groupId));
        } else if (!create) {
            throw new HeartbeatError(Errors.UNKNOWN_MEMBER_ID, "Group " + groupId + " has no member like that.");
        }
        ConsumerGroup group = new ConsumerGroup(groupId);
        shard.groups().put(groupId, group);
        return group;
    }

    private ConsumerGroupHeartbeatResponseData leave(
            ConsumerGroupHeartbeatRequestData req, String memberId, List<SimpleRecord> records) {
        Group existing = shard.groups().get(req.groupId());
        ConsumerGroupMember member = existing instanceof ConsumerGroup g ? g.member(memberId) : null;
        if (member == null) {
            throw new HeartbeatError(Errors.UNKNOWN_MEMBER_ID, "member " + memberId + " is not in the group");
        }
        ConsumerGroup group = (ConsumerGroup) existing;
        if (req.memberEpoch() == ConsumerGroupMember.LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
            // The static member will be back: keep its assignment until it rejoins or its session expires.
            member.setLeftTemporarily();
            shard.timers().cancel(rebalanceKey(group, memberId));
            records.add(ConsumerGroupRecords.currentAssignment(shard.time().milliseconds(), group, member));
        } else {
            removeMember(group, memberId, records);
        }
        return new ConsumerGroupHeartbeatResponseData()
                .setMemberId(memberId)
                .setMemberEpoch(req.memberEpoch())
                .setHeartbeatIntervalMs(0);
    }

    private void removeMember(ConsumerGroup group, String memberId, List<SimpleRecord> records) {
        long now = shard.time().milliseconds();
        records.addAll(ConsumerGroupRecords.memberTombstones(now, group.groupId(), memberId));
        group.removeMember(memberId);
        group.bumpGroupEpoch();
        records.add(ConsumerGroupRecords.groupEpoch(now, group));
        shard.timers().cancel(sessionKey(group, memberId));
        shard.timers().cancel(rebalanceKey(group, memberId));
        log.info("Member {} left consumer group {}, now at epoch {}", memberId, group.groupId(), group.groupEpoch());
        if (group.groupEpoch() > group.assignmentEpoch() && !group.isEmpty()) {
            computeTargetAssignment(group, records);
        }
    }

    /** A member removed by a timer: its records are written without a request waiting for them. */
    private void expireMember(ConsumerGroup group, String memberId, String reason) {
        log.info("Member {} of consumer group {} {}", memberId, group.groupId(), reason);
        List<SimpleRecord> records = new ArrayList<>();
        removeMember(group, memberId, records);
        shard.write(records).whenComplete((offset, e) -> {
            if (e != null) {
                log.warn("Failed to persist the removal of {} from {}: {}", memberId, group.groupId(), e.toString());
            }
        });
    }

    /** Returns true if the subscribed topics' ids or partition counts differ from the last assignment's. */
    private boolean refreshTopicMetadata(ConsumerGroup group) {
        Set<String> subscribed = new TreeSet<>();
        group.members().forEach(m -> subscribed.addAll(m.subscribedTopicNames()));
        Map<String, ConsumerGroup.TopicMetadata> metadata = new HashMap<>();
        for (String topic : subscribed) {
            OptionalInt count = topics.partitionCount(topic);
            topics.topicId(topic).ifPresent(id -> {
                if (count.isPresent()) {
                    metadata.put(topic, new ConsumerGroup.TopicMetadata(id, count.getAsInt()));
                }
            });
        }
        if (metadata.equals(group.subscribedTopicMetadata())) {
            return false;
        }
        group.setSubscribedTopicMetadata(metadata);
        return true;
    }

    private void computeTargetAssignment(ConsumerGroup group, List<SimpleRecord> records) {
        refreshTopicMetadata(group);
        PartitionAssignor assignor = chooseAssignor(group);
        Map<String, ConsumerGroup.TopicMetadata> metadata = group.subscribedTopicMetadata();
        Map<Uuid, Integer> counts = new HashMap<>();
        metadata.values().forEach(t -> counts.put(t.topicId(), t.partitions()));
        Map<String, PartitionAssignor.MemberSpec> members = new HashMap<>();
        for (ConsumerGroupMember m : group.members()) {
            Set<Uuid> ids = new HashSet<>();
            m.subscribedTopicNames().forEach(t -> {
                ConsumerGroup.TopicMetadata tm = metadata.get(t);
                if (tm != null) {
                    ids.add(tm.topicId());
                }
            });
            members.put(m.memberId(), new PartitionAssignor.MemberSpec(ids, group.targetAssignment(m.memberId())));
        }
        Map<String, Assignment> target = assignor.assign(new PartitionAssignor.Spec(members, counts));
        group.setTargetAssignment(group.groupEpoch(), assignor.name(), target);
        records.addAll(ConsumerGroupRecords.targetAssignment(shard.time().milliseconds(), group));
        log.info(
                "Computed target assignment of consumer group {} for epoch {} with {} ({} members)",
                group.groupId(),
                group.groupEpoch(),
                assignor.name(),
                members.size());
    }

    /** The assignor most members ask for, else the first configured one. */
    private PartitionAssignor chooseAssignor(ConsumerGroup group) {
        Map<String, Integer> votes = new HashMap<>();
        group.members().forEach(m -> {
            if (m.serverAssignor() != null) {
                votes.merge(m.serverAssignor(), 1, Integer::sum);
            }
        });
        String name = votes.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse(shard.config().consumerGroupAssignors().get(0));
        return assignors.get(name);
    }

    private void scheduleSessionTimeout(ConsumerGroup group, String memberId) {
        shard.timers().schedule(sessionKey(group, memberId), shard.config().consumerGroupSessionTimeoutMs(), () -> {
            if (group.member(memberId) != null) {
                expireMember(group, memberId, "missed its session timeout");
            }
        });
    }

    /** A member that does not revoke within its rebalance timeout blocks others: it is fenced. */
    private void scheduleRebalanceTimeout(ConsumerGroup group, ConsumerGroupMember member) {
        String memberId = member.memberId();
        int epoch = member.memberEpoch();
        shard.timers().schedule(rebalanceKey(group, memberId), member.rebalanceTimeoutMs(), () -> {
            ConsumerGroupMember m = group.member(memberId);
            if (m != null && m.state() == MemberState.UNREVOKED_PARTITIONS && m.memberEpoch() == epoch) {
                expireMember(group, memberId, "did not revoke its partitions in time");
            }
        });
    }

    /** After loading: members restored from the log must heartbeat within their session timeout. */
    void onLoaded() {
        for (Group g : shard.groups().values()) {
            if (g instanceof ConsumerGroup group) {
                refreshTopicMetadata(group);
                for (ConsumerGroupMember m : group.members()) {
                    scheduleSessionTimeout(group, m.memberId());
                    if (m.state() == MemberState.UNREVOKED_PARTITIONS) {
                        scheduleRebalanceTimeout(group, m);
                    }
                }
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- describe

    ConsumerGroupDescribeResponseData.DescribedGroup describe(String groupId) {
        ConsumerGroupDescribeResponseData.DescribedGroup described =
                new ConsumerGroupDescribeResponseData.DescribedGroup().setGroupId(groupId);
        if (!(shard.groups().get(groupId) instanceof ConsumerGroup group)) {
            return described
                    .setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                    .setErrorMessage("Group " + groupId + " not found or not a consumer group.");
        }
        described
                .setGroupState(group.state().toString())
                .setGroupEpoch(group.groupEpoch())
                .setAssignmentEpoch(group.assignmentEpoch())
                .setAssignorName(group.assignorName() == null ? "" : group.assignorName());
        for (ConsumerGroupMember m : group.members()) {
            described
                    .members()
                    .add(new ConsumerGroupDescribeResponseData.Member()
                            .setMemberId(m.memberId())
                            .setInstanceId(m.instanceId())
                            .setRackId(m.rackId())
                            .setMemberEpoch(m.memberEpoch())
                            .setClientId(m.clientId())
                            .setClientHost(m.clientHost())
                            .setSubscribedTopicNames(new ArrayList<>(m.subscribedTopicNames()))
                            .setAssignment(describeAssignment(m.assigned()))
                            .setTargetAssignment(describeAssignment(group.targetAssignment(m.memberId())))
                            .setMemberType((byte) 1));
        }
        return described;
    }

    private ConsumerGroupDescribeResponseData.Assignment describeAssignment(Assignment a) {
        ConsumerGroupDescribeResponseData.Assignment result = new ConsumerGroupDescribeResponseData.Assignment();
        a.partitions().forEach((topicId, partitions) -> result.topicPartitions()
                .add(new ConsumerGroupDescribeResponseData.TopicPartitions()
                        .setTopicId(topicId)
                        .setTopicName(topics.topicName(topicId).orElse(""))
                        .setPartitions(new ArrayList<>(partitions))));
        return result;
    }

    // -------------------------------------------------------------------------------------------------- helpers

    private static Assignment owned(List<ConsumerGroupHeartbeatRequestData.TopicPartitions> partitions) {
        if (partitions == null) {
            return null;
        }
        Map<Uuid, Set<Integer>> result = new HashMap<>();
        partitions.forEach(
                tp -> result.computeIfAbsent(tp.topicId(), t -> new TreeSet<>()).addAll(tp.partitions()));
        return new Assignment(result);
    }

    private static ConsumerGroupHeartbeatResponseData.Assignment toResponse(Assignment a) {
        ConsumerGroupHeartbeatResponseData.Assignment result = new ConsumerGroupHeartbeatResponseData.Assignment();
        a.partitions().forEach((topicId, partitions) -> result.topicPartitions()
                .add(new ConsumerGroupHeartbeatResponseData.TopicPartitions()
                        .setTopicId(topicId)
                        .setPartitions(new ArrayList<>(partitions))));
        return result;
    }

    private static String sessionKey(ConsumerGroup g, String memberId) {
        return "cg-session\0" + g.groupId() + "\0" + memberId;
    }

    private static String rebalanceKey(ConsumerGroup g, String memberId) {
        return "cg-rebalance\0" + g.groupId() + "\0" + memberId;
    }

    /** A heartbeat rejected with a Kafka error code. */
    private static final class HeartbeatError extends RuntimeException {
        final Errors error;

        HeartbeatError(Errors error, String message) {
            super(message, null, false, false);
            this.error = error;
        }
    }
}
