package io.runnel.broker.group;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.runnel.broker.group.classic.ClassicGroup;
import io.runnel.broker.group.classic.ClassicGroupMember;
import io.runnel.broker.group.classic.ClassicGroupState;
import io.runnel.broker.group.consumer.ConsumerGroup;
import io.runnel.broker.group.consumer.ConsumerGroupMember;
import io.runnel.broker.group.records.OffsetCommitValue;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offsets and group administration of one shard: OffsetCommit, OffsetFetch, OffsetDelete, ListGroups,
 * DescribeGroups, DeleteGroups and offsets retention. Committed offsets become visible only once their records
 * are committed to the offsets partition.
 */
final class GroupAdministration {

    private static final Logger log = LoggerFactory.getLogger(GroupAdministration.class);

    private final GroupCoordinatorShard shard;
    private final TopicMetadataLookup topics;

    GroupAdministration(GroupCoordinatorShard shard, TopicMetadataLookup topics) {
        this.shard = shard;
        this.topics = topics;
    }

    // ------------------------------------------------------------------------------------------- offset commit

    CompletableFuture<OffsetCommitResponseData> commitOffsets(RequestMeta meta, OffsetCommitRequestData req) {
        Group group = shard.groups().get(req.groupId());
        ConsumerGroupMember lagging = laggingConsumerMember(meta, req, group);
        Errors groupError = lagging != null ? Errors.NONE : validateCommit(meta, req, group);
        if (groupError != Errors.NONE) {
            return CompletableFuture.completedFuture(commitResponse(req, tp -> groupError));
        }
        if (group == null) {
            // A simple consumer or an admin commits for a group that has no members: it exists from now on.
            group = new ClassicGroup(req.groupId(), now());
            shard.groups().put(req.groupId(), group);
        }
        long now = now();
        OptionalLong expire =
                req.retentionTimeMs() == -1 ? OptionalLong.empty() : OptionalLong.of(now + req.retentionTimeMs());
        Map<TopicPartition, Errors> errors = new LinkedHashMap<>();
        Map<TopicPartition, OffsetCommitValue> toWrite = new LinkedHashMap<>();
        List<SimpleRecord> records = new ArrayList<>();
        Map<OffsetCommitRequestData.OffsetCommitRequestTopic, String> names = new HashMap<>();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : req.topics()) {
            String name = topicName(topic.name(), topic.topicId()).orElse(null);
            names.put(topic, name);
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.partitions()) {
                if (name == null) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(name, p.partitionIndex());
                if (lagging != null
                        && !ownedSince(lagging, name, p.partitionIndex(), req.generationIdOrMemberEpoch())) {
                    errors.put(tp, Errors.STALE_MEMBER_EPOCH);
                    continue;
                }
                String metadata = p.committedMetadata() == null ? "" : p.committedMetadata();
                if (metadata.length() > shard.config().offsetMetadataMaxBytes()) {
                    errors.put(tp, Errors.OFFSET_METADATA_TOO_LARGE);
                    continue;
                }
                OffsetCommitValue value =
                        new OffsetCommitValue(p.committedOffset(), p.committedLeaderEpoch(), metadata, now, expire);
                toWrite.put(tp, value);
                records.add(GroupRecords.offsetCommit(now, req.groupId(), tp, value));
            }
        }
        return shard.write(records).handle((firstOffset, e) -> {
            if (e != null) {
                Errors error = AppendErrors.toClientError(e, true);
                toWrite.keySet().forEach(tp -> errors.put(tp, error));
            } else {
                long offset = firstOffset;
                for (Map.Entry<TopicPartition, OffsetCommitValue> entry : toWrite.entrySet()) {
                    shard.offsets().put(req.groupId(), entry.getKey(), entry.getValue(), offset++);
                    errors.put(entry.getKey(), Errors.NONE);
                }
            }
            OffsetCommitResponseData response = new OffsetCommitResponseData();
            for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : req.topics()) {
                String name = names.get(topic);
                OffsetCommitResponseData.OffsetCommitResponseTopic rt =
                        new OffsetCommitResponseData.OffsetCommitResponseTopic()
                                .setName(topic.name())
                                .setTopicId(topic.topicId());
                for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.partitions()) {
                    Errors error = name == null
                            ? Errors.UNKNOWN_TOPIC_ID
                            : errors.get(new TopicPartition(name, p.partitionIndex()));
                    rt.partitions()
                            .add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                                    .setPartitionIndex(p.partitionIndex())
                                    .setErrorCode(error.code()));
                }
                response.topics().add(rt);
            }
            return response;
        });
    }

    private Errors validateCommit(RequestMeta meta, OffsetCommitRequestData req, Group group) {
        int generation = req.generationIdOrMemberEpoch();
        if (group == null) {
            if (generation < 0) {
                return Errors.NONE;
            }
            return meta.apiVersion() >= 9 ? Errors.GROUP_ID_NOT_FOUND : Errors.ILLEGAL_GENERATION;
        }
        if (group instanceof ConsumerGroup g) {
            return validateConsumerMember(g, req.memberId(), generation, meta.apiVersion());
        }
        return validateClassicCommit((ClassicGroup) group, req);
    }

    /** Kafka's rules: members commit in their generation; memberless commits only while the group is empty. */
    private static Errors validateClassicCommit(ClassicGroup group, OffsetCommitRequestData req) {
        int generation = req.generationIdOrMemberEpoch();
        if (group.is(ClassicGroupState.DEAD)) {
            return Errors.COORDINATOR_NOT_AVAILABLE;
        }
        if (generation < 0 && group.is(ClassicGroupState.EMPTY)) {
            return Errors.NONE;
        }
        if (generation >= 0 || !req.memberId().isEmpty() || req.groupInstanceId() != null) {
            Errors memberError = ClassicGroupMembership.validateMember(group, req.memberId(), req.groupInstanceId());
            if (memberError != Errors.NONE) {
                return memberError;
            }
            if (generation != group.generationId()) {
                return Errors.ILLEGAL_GENERATION;
            }
        } else if (!group.is(ClassicGroupState.EMPTY)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (group.is(ClassicGroupState.COMPLETING_REBALANCE)) {
            return Errors.REBALANCE_IN_PROGRESS;
        }
        return Errors.NONE;
    }

    /**
     * A KIP-848 member committing with an epoch older than its current one (KIP-1251): its heartbeat moved it to a
     * new epoch while the commit was in flight, or before the response reached it. Such a commit is checked per
     * partition by {@link #ownedSince} instead of being rejected whole; null for every other commit.
     */
    private static ConsumerGroupMember laggingConsumerMember(
            RequestMeta meta, OffsetCommitRequestData req, Group group) {
        if (!(group instanceof ConsumerGroup g) || meta.apiVersion() < 9 || req.memberId() == null) {
            return null;
        }
        ConsumerGroupMember member = g.member(req.memberId());
        int epoch = req.generationIdOrMemberEpoch();
        return member != null && epoch > 0 && epoch < member.memberEpoch() ? member : null;
    }

    /**
     * Kafka's KIP-1251 rule, assignmentEpoch(partition) <= commit epoch <= member epoch: the member has owned the
     * partition without interruption since the commit's epoch, so no other member can have owned it in between and
     * the commit cannot overwrite another owner's offsets.
     */
    private boolean ownedSince(ConsumerGroupMember member, String topic, int partition, int epoch) {
        Optional<Uuid> topicId = topics.topicId(topic);
        if (topicId.isEmpty()) {
            return false;
        }
        int assignedIn = member.assignmentEpoch(topicId.get(), partition);
        return assignedIn >= 0 && assignedIn <= epoch;
    }

    /** KIP-848 groups: a member commits and fetches in its current epoch; memberless only when empty. */
    private static Errors validateConsumerMember(ConsumerGroup group, String memberId, int epoch, short version) {
        if (epoch < 0 && group.isEmpty()) {
            return Errors.NONE;
        }
        ConsumerGroupMember member = memberId == null ? null : group.member(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        if (epoch != member.memberEpoch()) {
            return version >= 9 ? Errors.STALE_MEMBER_EPOCH : Errors.ILLEGAL_GENERATION;
        }
        return Errors.NONE;
    }

    private static OffsetCommitResponseData commitResponse(
            OffsetCommitRequestData req, java.util.function.Function<TopicPartition, Errors> error) {
        OffsetCommitResponseData response = new OffsetCommitResponseData();
        for (OffsetCommitRequestData.OffsetCommitRequestTopic topic : req.topics()) {
            OffsetCommitResponseData.OffsetCommitResponseTopic rt =
                    new OffsetCommitResponseData.OffsetCommitResponseTopic()
                            .setName(topic.name())
                            .setTopicId(topic.topicId());
            for (OffsetCommitRequestData.OffsetCommitRequestPartition p : topic.partitions()) {
                rt.partitions()
                        .add(new OffsetCommitResponseData.OffsetCommitResponsePartition()
                                .setPartitionIndex(p.partitionIndex())
                                .setErrorCode(error.apply(new TopicPartition(topic.name(), p.partitionIndex()))
                                        .code()));
            }
            response.topics().add(rt);
        }
        return response;
    }

    // -------------------------------------------------------------------------------------------- offset fetch

    /**
     * Committed offsets of one group; {@code null} topics means all. Partitions without a committed offset get
     * offset -1. There are no transactional offsets yet, so require_stable never yields UNSTABLE_OFFSET_COMMIT.
     */
    OffsetFetchResponseData.OffsetFetchResponseGroup fetchOffsets(
            RequestMeta meta, OffsetFetchRequestData.OffsetFetchRequestGroup req) {
        OffsetFetchResponseData.OffsetFetchResponseGroup response =
                new OffsetFetchResponseData.OffsetFetchResponseGroup().setGroupId(req.groupId());
        Group group = shard.groups().get(req.groupId());
        if (req.memberId() != null && group instanceof ConsumerGroup cg) {
            Errors error = validateConsumerMember(cg, req.memberId(), req.memberEpoch(), meta.apiVersion());
            if (error != Errors.NONE) {
                return response.setErrorCode(error.code());
            }
        }
        if (req.topics() == null) {
            Map<String, List<Map.Entry<TopicPartition, OffsetCommitValue>>> byTopic =
                    shard.offsets().all(req.groupId()).entrySet().stream()
                            .collect(Collectors.groupingBy(e -> e.getKey().topic()));
            byTopic.forEach((topic, entries) -> {
                OffsetFetchResponseData.OffsetFetchResponseTopics rt =
                        new OffsetFetchResponseData.OffsetFetchResponseTopics()
                                .setName(topic)
                                .setTopicId(topicIdFor(meta, topic));
                entries.stream()
                        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(TopicPartition::partition)))
                        .forEach(e -> rt.partitions().add(fetched(e.getKey().partition(), Optional.of(e.getValue()))));
                response.topics().add(rt);
            });
            return response;
        }
        for (OffsetFetchRequestData.OffsetFetchRequestTopics topic : req.topics()) {
            Optional<String> name = topicName(topic.name(), topic.topicId());
            OffsetFetchResponseData.OffsetFetchResponseTopics rt =
                    new OffsetFetchResponseData.OffsetFetchResponseTopics()
                            .setName(topic.name())
                            .setTopicId(topic.topicId());
            for (int partition : topic.partitionIndexes()) {
                if (name.isEmpty()) {
                    rt.partitions()
                            .add(fetched(partition, Optional.empty()).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
                } else {
                    rt.partitions()
                            .add(fetched(
                                    partition,
                                    shard.offsets().get(req.groupId(), new TopicPartition(name.get(), partition))));
                }
            }
            response.topics().add(rt);
        }
        return response;
    }

    private Uuid topicIdFor(RequestMeta meta, String topic) {
        return meta.apiVersion() >= 10 ? topics.topicId(topic).orElse(Uuid.ZERO_UUID) : Uuid.ZERO_UUID;
    }

    private static OffsetFetchResponseData.OffsetFetchResponsePartitions fetched(
            int partition, Optional<OffsetCommitValue> value) {
        return new OffsetFetchResponseData.OffsetFetchResponsePartitions()
                .setPartitionIndex(partition)
                .setCommittedOffset(value.map(OffsetCommitValue::offset).orElse(-1L))
                .setCommittedLeaderEpoch(
                        value.map(OffsetCommitValue::leaderEpoch).orElse(-1))
                .setMetadata(value.map(OffsetCommitValue::metadata).orElse(""))
                .setErrorCode(Errors.NONE.code());
    }

    /** A request names a topic (versions before topic ids) or gives its id (OffsetCommit/OffsetFetch v10). */
    private Optional<String> topicName(String name, Uuid topicId) {
        if (topicId != null && !Uuid.ZERO_UUID.equals(topicId) && (name == null || name.isEmpty())) {
            return topics.topicName(topicId);
        }
        return Optional.ofNullable(name);
    }

    // ------------------------------------------------------------------------------------------- offset delete

    CompletableFuture<OffsetDeleteResponseData> deleteOffsets(OffsetDeleteRequestData req) {
        Group group = shard.groups().get(req.groupId());
        if (group == null) {
            return CompletableFuture.completedFuture(
                    new OffsetDeleteResponseData().setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
        }
        if (group instanceof ClassicGroup cg
                && !cg.isEmpty()
                && !ClassicGroup.CONSUMER_PROTOCOL_TYPE.equals(cg.protocolType())) {
            return CompletableFuture.completedFuture(
                    new OffsetDeleteResponseData().setErrorCode(Errors.NON_EMPTY_GROUP.code()));
        }
        long now = now();
        List<SimpleRecord> records = new ArrayList<>();
        List<TopicPartition> deleted = new ArrayList<>();
        OffsetDeleteResponseData response = new OffsetDeleteResponseData();
        for (OffsetDeleteRequestData.OffsetDeleteRequestTopic topic : req.topics()) {
            boolean subscribed = group.isSubscribedTo(topic.name());
            OffsetDeleteResponseData.OffsetDeleteResponseTopic rt =
                    new OffsetDeleteResponseData.OffsetDeleteResponseTopic().setName(topic.name());
            for (OffsetDeleteRequestData.OffsetDeleteRequestPartition p : topic.partitions()) {
                TopicPartition tp = new TopicPartition(topic.name(), p.partitionIndex());
                Errors error = subscribed ? Errors.GROUP_SUBSCRIBED_TO_TOPIC : Errors.NONE;
                if (!subscribed && shard.offsets().get(req.groupId(), tp).isPresent()) {
                    records.add(GroupRecords.offsetTombstone(now, req.groupId(), tp));
                    deleted.add(tp);
                }
                rt.partitions()
                        .add(new OffsetDeleteResponseData.OffsetDeleteResponsePartition()
                                .setPartitionIndex(p.partitionIndex())
                                .setErrorCode(error.code()));
            }
            response.topics().add(rt);
        }
        return shard.write(records).handle((firstOffset, e) -> {
            if (e != null) {
                return new OffsetDeleteResponseData()
                        .setErrorCode(AppendErrors.toClientError(e, false).code());
            }
            long offset = firstOffset;
            for (TopicPartition tp : deleted) {
                shard.offsets().remove(req.groupId(), tp, offset++);
            }
            return response;
        });
    }

    // ------------------------------------------------------------------------------------ list/describe/delete

    List<ListGroupsResponseData.ListedGroup> listGroups(Set<String> statesFilter, Set<String> typesFilter) {
        Set<String> states = lower(statesFilter);
        Set<String> types = lower(typesFilter);
        List<ListGroupsResponseData.ListedGroup> result = new ArrayList<>();
        for (Group g : shard.groups().values()) {
            if (g instanceof ClassicGroup cg && cg.is(ClassicGroupState.DEAD)) {
                continue;
            }
            String state = g.state().toString();
            String type = g.type().toString();
            if ((states.isEmpty() || states.contains(state.toLowerCase(Locale.ROOT)))
                    && (types.isEmpty() || types.contains(type.toLowerCase(Locale.ROOT)))) {
                result.add(new ListGroupsResponseData.ListedGroup()
                        .setGroupId(g.groupId())
                        .setProtocolType(g.protocolType())
                        .setGroupState(state)
                        .setGroupType(type));
            }
        }
        return result;
    }

    DescribeGroupsResponseData.DescribedGroup describeGroup(RequestMeta meta, String groupId) {
        DescribeGroupsResponseData.DescribedGroup described = new DescribeGroupsResponseData.DescribedGroup()
                .setGroupId(groupId)
                .setGroupState(ClassicGroupState.DEAD.publicState().toString())
                .setProtocolType("")
                .setProtocolData("");
        if (!(shard.groups().get(groupId) instanceof ClassicGroup group) || group.is(ClassicGroupState.DEAD)) {
            // KIP-1043: v6+ says the group does not exist (or is not a classic group); older versions get Dead.
            if (meta.apiVersion() >= 6) {
                described
                        .setErrorCode(Errors.GROUP_ID_NOT_FOUND.code())
                        .setErrorMessage("Group " + groupId + " not found or not a classic group.");
            }
            return described;
        }
        boolean stable = group.is(ClassicGroupState.STABLE);
        described
                .setGroupState(group.state().toString())
                .setProtocolType(group.protocolType())
                .setProtocolData(stable ? group.protocolName() : "");
        for (ClassicGroupMember m : group.members()) {
            // As Kafka: metadata and assignments are only meaningful (and only shown) once the group is stable.
            described
                    .members()
                    .add(new DescribeGroupsResponseData.DescribedGroupMember()
                            .setMemberId(m.memberId())
                            .setGroupInstanceId(m.groupInstanceId())
                            .setClientId(m.clientId())
                            .setClientHost(m.clientHost())
                            .setMemberMetadata(stable ? m.metadata(group.protocolName()) : new byte[0])
                            .setMemberAssignment(stable ? m.assignment() : new byte[0]));
        }
        return described;
    }

    CompletableFuture<DeleteGroupsResponseData.DeletableGroupResult> deleteGroup(String groupId) {
        DeleteGroupsResponseData.DeletableGroupResult result =
                new DeleteGroupsResponseData.DeletableGroupResult().setGroupId(groupId);
        Group group = shard.groups().get(groupId);
        if (group == null || (group instanceof ClassicGroup cg && cg.is(ClassicGroupState.DEAD))) {
            return CompletableFuture.completedFuture(result.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()));
        }
        if (!group.isEmpty()) {
            return CompletableFuture.completedFuture(result.setErrorCode(Errors.NON_EMPTY_GROUP.code()));
        }
        return removeGroup(group)
                .handle((v, e) -> result.setErrorCode(
                        e == null
                                ? Errors.NONE.code()
                                : AppendErrors.toClientError(e, false).code()));
    }

    /** Writes tombstones for an empty group's offsets and metadata, then forgets it. */
    private CompletableFuture<Void> removeGroup(Group group) {
        long now = now();
        List<SimpleRecord> records = new ArrayList<>();
        for (TopicPartition tp : shard.offsets().all(group.groupId()).keySet()) {
            records.add(GroupRecords.offsetTombstone(now, group.groupId(), tp));
        }
        if (group instanceof ConsumerGroup) {
            records.addAll(ConsumerGroupRecords.groupTombstones(now, group.groupId()));
        } else {
            records.add(GroupRecords.groupTombstone(now, group.groupId()));
        }
        return shard.write(records).thenAccept(offset -> {
            if (shard.groups().get(group.groupId()) == group && group.isEmpty()) {
                shard.groups().remove(group.groupId());
                shard.offsets().removeGroup(group.groupId());
                if (group instanceof ClassicGroup cg) {
                    cg.transitionTo(ClassicGroupState.DEAD, now());
                    shard.classic().onGroupDeleted(cg);
                }
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ retention

    /**
     * Removes offsets past retention for groups without members (tombstones written), and then groups left with
     * neither members nor offsets, as Kafka's periodic offsets cleanup.
     */
    void expireOffsets() {
        long now = now();
        for (Group group : List.copyOf(shard.groups().values())) {
            if (!group.isEmpty()
                    || (group instanceof ClassicGroup cg && (!cg.is(ClassicGroupState.EMPTY) || cg.numPending() > 0))) {
                continue;
            }
            long emptySince = group instanceof ClassicGroup cg ? cg.currentStateTimestamp() : -1;
            List<TopicPartition> expired =
                    shard.offsets().expired(group.groupId(), now, shard.config().offsetsRetentionMs(), emptySince);
            if (expired.isEmpty() && shard.offsets().hasOffsets(group.groupId())) {
                continue;
            }
            if (expired.size() == shard.offsets().all(group.groupId()).size()) {
                log.info("Removing group {} with {} expired offsets", group.groupId(), expired.size());
                removeGroup(group).whenComplete((v, e) -> {
                    if (e != null) {
                        log.warn("Failed to expire group {}: {}", group.groupId(), e.toString());
                    }
                });
                continue;
            }
            List<SimpleRecord> records = new ArrayList<>();
            expired.forEach(tp -> records.add(GroupRecords.offsetTombstone(now, group.groupId(), tp)));
            shard.write(records).whenComplete((firstOffset, e) -> {
                if (e != null) {
                    log.warn("Failed to expire offsets of group {}: {}", group.groupId(), e.toString());
                    return;
                }
                long offset = firstOffset;
                for (TopicPartition tp : expired) {
                    shard.offsets().remove(group.groupId(), tp, offset++);
                }
            });
        }
    }

    private long now() {
        return shard.time().milliseconds();
    }

    private static Set<String> lower(Set<String> values) {
        return values.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
