package io.runnel.broker.group.records;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The byte layout of the records in {@code __consumer_offsets}, identical to Kafka's so that tools reading the
 * topic (and a Kafka broker taking over a Runnel data directory) understand it.
 *
 * <p>A key starts with an int16 <em>record type</em> (historically the key "version"), followed by the key's
 * fields in the non-flexible encoding:
 *
 * <pre>
 *   type 0, 1  OffsetCommitKey   group: string, topic: string, partition: int32
 *   type 2     GroupMetadataKey  group: string
 *   type 3     ConsumerGroupMetadataKey                 group: string
 *   type 5     ConsumerGroupMemberMetadataKey           group: string, member: string
 *   type 6     ConsumerGroupTargetAssignmentMetadataKey group: string
 *   type 7     ConsumerGroupTargetAssignmentMemberKey   group: string, member: string
 *   type 8     ConsumerGroupCurrentMemberAssignmentKey  group: string, member: string
 *   other      partition metadata (4), share / streams groups: not interpreted ({@link UnknownRecordKey})
 * </pre>
 *
 * A value starts with an int16 schema version. Versions 4+ are flexible (compact strings/bytes/arrays as
 * unsigned varint length + 1, a tagged-field section at the end of every struct); older ones use int16-prefixed
 * strings, int32-prefixed bytes and arrays, -1 for null.
 *
 * <pre>
 *   OffsetCommitValue   v0: offset int64, metadata string, commitTimestamp int64
 *                       v1: v0 + expireTimestamp int64
 *                       v2: as v0
 *                       v3: offset int64, leaderEpoch int32, metadata string, commitTimestamp int64
 *                       v4: v3, flexible
 *   GroupMetadataValue  protocolType string, generation int32, protocol string?, leader string?,
 *                       currentStateTimestamp int64 (v2+), members [MemberMetadata]
 *   MemberMetadata      memberId string, groupInstanceId string? (v3+), clientId string, clientHost string,
 *                       rebalanceTimeout int32 (v1+), sessionTimeout int32, subscription bytes, assignment bytes
 * </pre>
 *
 * KIP-848 values are all version 0 and flexible:
 *
 * <pre>
 *   ConsumerGroupMetadataValue                 epoch int32 (tagged: metadata hash, creation time)
 *   ConsumerGroupMemberMetadataValue           instanceId string?, rackId string?, clientId string,
 *                                              clientHost string, subscribedTopicNames [string],
 *                                              subscribedTopicRegex string?, rebalanceTimeoutMs int32,
 *                                              serverAssignor string? (tagged: classic member metadata)
 *   ConsumerGroupTargetAssignmentMetadataValue assignmentEpoch int32 (tagged: assignment time)
 *   ConsumerGroupTargetAssignmentMemberValue   topicPartitions [TopicPartitions]
 *   ConsumerGroupCurrentMemberAssignmentValue  memberEpoch int32, previousMemberEpoch int32, state int8,
 *                                              assignedPartitions [TopicPartitions],
 *                                              partitionsPendingRevocation [TopicPartitions]
 *   TopicPartitions                            topicId uuid, partitions [int32] (tagged: assignment epochs)
 * </pre>
 *
 * Tagged fields this broker does not use are skipped on read and not written.
 *
 * <p>A null value (tombstone) deletes the key. Like Kafka 2.3+ this broker writes OffsetCommitValue v3 (v1 when an
 * explicit expire timestamp is set) and GroupMetadataValue v3, and reads every version.
 */
public final class CoordinatorRecordCodec {

    public static final short OFFSET_COMMIT_VALUE_VERSION = 3;
    public static final short GROUP_METADATA_VALUE_VERSION = 3;

    private static final short LEGACY_OFFSET_COMMIT_KEY_TYPE = 0;
    private static final short OFFSET_COMMIT_KEY_TYPE = 1;
    private static final short GROUP_METADATA_KEY_TYPE = 2;

    private CoordinatorRecordCodec() {}

    public static byte[] encodeKey(CoordinatorRecordKey key) {
        SchemaWriter w = new SchemaWriter(false);
        switch (key) {
            case OffsetCommitKey k ->
                w.int16(OFFSET_COMMIT_KEY_TYPE)
                        .string(k.group())
                        .string(k.topic())
                        .int32(k.partition());
            case GroupMetadataKey k -> w.int16(GROUP_METADATA_KEY_TYPE).string(k.group());
            case ConsumerGroupKey k -> {
                w.int16(k.kind().type()).string(k.group());
                if (k.kind().perMember()) {
                    w.string(k.memberId());
                }
            }
            case UnknownRecordKey k -> throw new IllegalArgumentException("cannot encode record type " + k.type());
        }
        return w.toByteArray();
    }

    public static CoordinatorRecordKey decodeKey(ByteBuffer buffer) {
        SchemaReader r = new SchemaReader(buffer.duplicate(), false);
        short type = r.int16();
        return switch (type) {
            case LEGACY_OFFSET_COMMIT_KEY_TYPE, OFFSET_COMMIT_KEY_TYPE ->
                new OffsetCommitKey(r.string("group"), r.string("topic"), r.int32());
            case GROUP_METADATA_KEY_TYPE -> new GroupMetadataKey(r.string("group"));
            default -> {
                ConsumerGroupKey.Kind kind = ConsumerGroupKey.Kind.forType(type);
                if (kind != null) {
                    String group = r.string("group");
                    yield new ConsumerGroupKey(kind, group, kind.perMember() ? r.string("member") : null);
                }
                if (type < 0) {
                    throw new CorruptCoordinatorRecordException("negative record type " + type);
                }
                yield new UnknownRecordKey(type);
            }
        };
    }

    /** Encodes with the version Kafka writes: v1 when an expire timestamp is set, else v3. */
    public static byte[] encodeOffsetCommitValue(OffsetCommitValue value) {
        return encodeOffsetCommitValue(
                value, value.expireTimestamp().isPresent() ? (short) 1 : OFFSET_COMMIT_VALUE_VERSION);
    }

    public static byte[] encodeOffsetCommitValue(OffsetCommitValue value, short version) {
        checkVersion("OffsetCommitValue", version);
        SchemaWriter w = new SchemaWriter(version >= 4).int16(version).int64(value.offset());
        if (version >= 3) {
            w.int32(value.leaderEpoch());
        }
        w.string(value.metadata()).int64(value.commitTimestamp());
        if (version == 1) {
            w.int64(value.expireTimestamp().orElse(-1L));
        }
        return w.noTaggedFields().toByteArray();
    }

    public static OffsetCommitValue decodeOffsetCommitValue(ByteBuffer buffer) {
        ByteBuffer buf = buffer.duplicate();
        short version = new SchemaReader(buf, false).int16();
        checkVersion("OffsetCommitValue", version);
        SchemaReader r = new SchemaReader(buf, version >= 4);
        long offset = r.int64();
        int leaderEpoch = version >= 3 ? r.int32() : -1;
        String metadata = r.string("metadata");
        long commitTimestamp = r.int64();
        OptionalLong expire = OptionalLong.empty();
        if (version == 1) {
            long e = r.int64();
            expire = e == -1 ? OptionalLong.empty() : OptionalLong.of(e);
        }
        r.skipTaggedFields();
        return new OffsetCommitValue(offset, leaderEpoch, metadata, commitTimestamp, expire);
    }

    public static byte[] encodeGroupMetadataValue(GroupMetadataValue value) {
        return encodeGroupMetadataValue(value, GROUP_METADATA_VALUE_VERSION);
    }

    public static byte[] encodeGroupMetadataValue(GroupMetadataValue value, short version) {
        checkVersion("GroupMetadataValue", version);
        SchemaWriter w = new SchemaWriter(version >= 4)
                .int16(version)
                .string(value.protocolType())
                .int32(value.generation())
                .nullableString(value.protocol())
                .nullableString(value.leader());
        if (version >= 2) {
            w.int64(value.currentStateTimestamp());
        }
        w.arrayLength(value.members().size());
        for (GroupMetadataValue.MemberMetadata m : value.members()) {
            w.string(m.memberId());
            if (version >= 3) {
                w.nullableString(m.groupInstanceId());
            }
            w.string(m.clientId()).string(m.clientHost());
            if (version >= 1) {
                w.int32(m.rebalanceTimeout());
            }
            w.int32(m.sessionTimeout())
                    .bytes(m.subscription())
                    .bytes(m.assignment())
                    .noTaggedFields();
        }
        return w.noTaggedFields().toByteArray();
    }

    public static GroupMetadataValue decodeGroupMetadataValue(ByteBuffer buffer) {
        ByteBuffer buf = buffer.duplicate();
        short version = new SchemaReader(buf, false).int16();
        checkVersion("GroupMetadataValue", version);
        SchemaReader r = new SchemaReader(buf, version >= 4);
        String protocolType = r.string("protocolType");
        int generation = r.int32();
        String protocol = r.nullableString("protocol");
        String leader = r.nullableString("leader");
        long currentStateTimestamp = version >= 2 ? r.int64() : -1L;
        int n = r.arrayLength("members");
        List<GroupMetadataValue.MemberMetadata> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String memberId = r.string("memberId");
            String instanceId = version >= 3 ? r.nullableString("groupInstanceId") : null;
            String clientId = r.string("clientId");
            String clientHost = r.string("clientHost");
            int rebalanceTimeout = version >= 1 ? r.int32() : -1;
            int sessionTimeout = r.int32();
            if (version == 0) {
                rebalanceTimeout = sessionTimeout;
            }
            byte[] subscription = r.bytes("subscription");
            byte[] assignment = r.bytes("assignment");
            r.skipTaggedFields();
            members.add(new GroupMetadataValue.MemberMetadata(
                    memberId,
                    instanceId,
                    clientId,
                    clientHost,
                    rebalanceTimeout,
                    sessionTimeout,
                    subscription,
                    assignment));
        }
        r.skipTaggedFields();
        return new GroupMetadataValue(protocolType, generation, protocol, leader, currentStateTimestamp, members);
    }

    // ------------------------------------------------------------------------------------ KIP-848 records

    /** ConsumerGroupMetadataValue: the group epoch. */
    public static byte[] encodeConsumerGroupEpoch(int epoch) {
        return new SchemaWriter(true).int16(0).int32(epoch).noTaggedFields().toByteArray();
    }

    public static int decodeConsumerGroupEpoch(ByteBuffer buffer) {
        return decodeEpochValue(buffer, "ConsumerGroupMetadataValue");
    }

    /** ConsumerGroupTargetAssignmentMetadataValue: the epoch of the target assignment. */
    public static byte[] encodeTargetAssignmentEpoch(int assignmentEpoch) {
        return new SchemaWriter(true)
                .int16(0)
                .int32(assignmentEpoch)
                .noTaggedFields()
                .toByteArray();
    }

    public static int decodeTargetAssignmentEpoch(ByteBuffer buffer) {
        return decodeEpochValue(buffer, "ConsumerGroupTargetAssignmentMetadataValue");
    }

    private static int decodeEpochValue(ByteBuffer buffer, String schema) {
        SchemaReader r = flexibleV0(buffer, schema);
        int epoch = r.int32();
        r.skipTaggedFields();
        return epoch;
    }

    public static byte[] encodeMemberMetadata(ConsumerGroupMemberMetadataValue v) {
        SchemaWriter w = new SchemaWriter(true)
                .int16(0)
                .nullableString(v.instanceId())
                .nullableString(v.rackId())
                .string(v.clientId())
                .string(v.clientHost())
                .arrayLength(v.subscribedTopicNames().size());
        v.subscribedTopicNames().forEach(w::string);
        return w.nullableString(v.subscribedTopicRegex())
                .int32(v.rebalanceTimeoutMs())
                .nullableString(v.serverAssignor())
                .noTaggedFields()
                .toByteArray();
    }

    public static ConsumerGroupMemberMetadataValue decodeMemberMetadata(ByteBuffer buffer) {
        SchemaReader r = flexibleV0(buffer, "ConsumerGroupMemberMetadataValue");
        String instanceId = r.nullableString("instanceId");
        String rackId = r.nullableString("rackId");
        String clientId = r.string("clientId");
        String clientHost = r.string("clientHost");
        int n = r.arrayLength("subscribedTopicNames");
        List<String> topics = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            topics.add(r.string("subscribedTopicNames"));
        }
        String regex = r.nullableString("subscribedTopicRegex");
        int rebalanceTimeoutMs = r.int32();
        String serverAssignor = r.nullableString("serverAssignor");
        r.skipTaggedFields();
        return new ConsumerGroupMemberMetadataValue(
                instanceId, rackId, clientId, clientHost, topics, regex, rebalanceTimeoutMs, serverAssignor);
    }

    /** ConsumerGroupTargetAssignmentMemberValue: a member's target partitions. */
    public static byte[] encodeTargetAssignment(List<TopicPartitions> partitions) {
        SchemaWriter w = new SchemaWriter(true).int16(0);
        writeTopicPartitions(w, partitions);
        return w.noTaggedFields().toByteArray();
    }

    public static List<TopicPartitions> decodeTargetAssignment(ByteBuffer buffer) {
        SchemaReader r = flexibleV0(buffer, "ConsumerGroupTargetAssignmentMemberValue");
        List<TopicPartitions> result = readTopicPartitions(r, "topicPartitions");
        r.skipTaggedFields();
        return result;
    }

    public static byte[] encodeCurrentMemberAssignment(ConsumerGroupCurrentMemberAssignmentValue v) {
        SchemaWriter w = new SchemaWriter(true)
                .int16(0)
                .int32(v.memberEpoch())
                .int32(v.previousMemberEpoch())
                .int8(v.state());
        writeTopicPartitions(w, v.assignedPartitions());
        writeTopicPartitions(w, v.partitionsPendingRevocation());
        return w.noTaggedFields().toByteArray();
    }

    public static ConsumerGroupCurrentMemberAssignmentValue decodeCurrentMemberAssignment(ByteBuffer buffer) {
        SchemaReader r = flexibleV0(buffer, "ConsumerGroupCurrentMemberAssignmentValue");
        int memberEpoch = r.int32();
        int previousMemberEpoch = r.int32();
        byte state = r.int8();
        List<TopicPartitions> assigned = readTopicPartitions(r, "assignedPartitions");
        List<TopicPartitions> pending = readTopicPartitions(r, "partitionsPendingRevocation");
        r.skipTaggedFields();
        return new ConsumerGroupCurrentMemberAssignmentValue(
                memberEpoch, previousMemberEpoch, state, assigned, pending);
    }

    private static void writeTopicPartitions(SchemaWriter w, List<TopicPartitions> partitions) {
        w.arrayLength(partitions.size());
        for (TopicPartitions tp : partitions) {
            w.uuid(tp.topicId()).arrayLength(tp.partitions().size());
            tp.partitions().forEach(w::int32);
            w.noTaggedFields();
        }
    }

    private static List<TopicPartitions> readTopicPartitions(SchemaReader r, String field) {
        int n = r.arrayLength(field);
        List<TopicPartitions> result = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            org.apache.kafka.common.Uuid topicId = r.uuid();
            int count = r.arrayLength(field + ".partitions");
            List<Integer> partitions = new ArrayList<>(count);
            for (int j = 0; j < count; j++) {
                partitions.add(r.int32());
            }
            r.skipTaggedFields();
            result.add(new TopicPartitions(topicId, partitions));
        }
        return result;
    }

    private static SchemaReader flexibleV0(ByteBuffer buffer, String schema) {
        ByteBuffer buf = buffer.duplicate();
        short version = new SchemaReader(buf, false).int16();
        if (version != 0) {
            throw new CorruptCoordinatorRecordException(schema + " version " + version + " is not 0");
        }
        return new SchemaReader(buf, true);
    }

    private static void checkVersion(String schema, short version) {
        if (version < 0 || version > 4) {
            throw new CorruptCoordinatorRecordException(schema + " version " + version + " is not in 0-4");
        }
    }
}
