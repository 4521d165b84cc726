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
 *   type 3+    KIP-848 / share / streams records (not interpreted: {@link UnknownRecordKey})
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
 * A null value (tombstone) deletes the key. Like Kafka 2.3+ this broker writes OffsetCommitValue v3 (v1 when an
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

    private static void checkVersion(String schema, short version) {
        if (version < 0 || version > 4) {
            throw new CorruptCoordinatorRecordException(schema + " version " + version + " is not in 0-4");
        }
    }
}
