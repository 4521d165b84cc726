package io.runnel.broker.group.records;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoordinatorRecordCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    private static final GroupMetadataValue GROUP = new GroupMetadataValue(
            "consumer",
            1,
            "range",
            "m1",
            1000L,
            List.of(new GroupMetadataValue.MemberMetadata(
                    "m1", null, "c", "h", 30000, 10000, new byte[] {1, 2}, new byte[] {3})));

    @Test
    void offsetCommitKeyHasKafkasLayout() {
        byte[] bytes = CoordinatorRecordCodec.encodeKey(new OffsetCommitKey("g", "t", 3));

        assertThat(HEX.formatHex(bytes)).isEqualTo("0001" + "000167" + "000174" + "00000003");
        assertThat(CoordinatorRecordCodec.decodeKey(ByteBuffer.wrap(bytes)))
                .isEqualTo(new OffsetCommitKey("g", "t", 3));
    }

    @Test
    void groupMetadataKeyHasKafkasLayout() {
        byte[] bytes = CoordinatorRecordCodec.encodeKey(new GroupMetadataKey("g"));

        assertThat(HEX.formatHex(bytes)).isEqualTo("0002" + "000167");
        assertThat(CoordinatorRecordCodec.decodeKey(ByteBuffer.wrap(bytes))).isEqualTo(new GroupMetadataKey("g"));
    }

    @Test
    void offsetCommitValueV3HasKafkasLayout() {
        OffsetCommitValue value = new OffsetCommitValue(42, 3, "m", 1000, OptionalLong.empty());

        byte[] bytes = CoordinatorRecordCodec.encodeOffsetCommitValue(value);

        assertThat(HEX.formatHex(bytes))
                .isEqualTo("0003" + "000000000000002a" + "00000003" + "00016d" + "00000000000003e8");
        assertThat(CoordinatorRecordCodec.decodeOffsetCommitValue(ByteBuffer.wrap(bytes)))
                .isEqualTo(value);
    }

    @Test
    void offsetCommitValueWithExpireTimestampIsWrittenAsV1() {
        OffsetCommitValue value = new OffsetCommitValue(42, -1, "m", 1000, OptionalLong.of(2000));

        byte[] bytes = CoordinatorRecordCodec.encodeOffsetCommitValue(value);

        assertThat(HEX.formatHex(bytes))
                .isEqualTo("0001" + "000000000000002a" + "00016d" + "00000000000003e8" + "00000000000007d0");
        assertThat(CoordinatorRecordCodec.decodeOffsetCommitValue(ByteBuffer.wrap(bytes)))
                .isEqualTo(value);
    }

    @Test
    void flexibleOffsetCommitValueV4UsesCompactStringsAndTaggedFields() {
        byte[] bytes = HEX.parseHex("0004" + "000000000000002a" + "00000003" + "026d" + "00000000000003e8" + "00");

        OffsetCommitValue value = CoordinatorRecordCodec.decodeOffsetCommitValue(ByteBuffer.wrap(bytes));

        assertThat(value).isEqualTo(new OffsetCommitValue(42, 3, "m", 1000, OptionalLong.empty()));
        assertThat(CoordinatorRecordCodec.encodeOffsetCommitValue(value, (short) 4))
                .isEqualTo(bytes);
    }

    @Test
    void groupMetadataValueV3HasKafkasLayout() {
        byte[] bytes = CoordinatorRecordCodec.encodeGroupMetadataValue(GROUP);

        assertThat(HEX.formatHex(bytes))
                .isEqualTo("0003"
                        + "0008" + HEX.formatHex("consumer".getBytes())
                        + "00000001"
                        + "0005" + HEX.formatHex("range".getBytes())
                        + "00026d31"
                        + "00000000000003e8"
                        + "00000001"
                        + "00026d31" + "ffff" + "000163" + "000168" + "00007530" + "00002710"
                        + "000000020102" + "0000000103");
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4})
    void groupMetadataValueRoundTripsInEveryVersion(short version) {
        byte[] bytes = CoordinatorRecordCodec.encodeGroupMetadataValue(GROUP, version);

        GroupMetadataValue decoded = CoordinatorRecordCodec.decodeGroupMetadataValue(ByteBuffer.wrap(bytes));

        assertThat(decoded.protocolType()).isEqualTo("consumer");
        assertThat(decoded.protocol()).isEqualTo("range");
        assertThat(decoded.leader()).isEqualTo("m1");
        assertThat(decoded.currentStateTimestamp()).isEqualTo(version >= 2 ? 1000L : -1L);
        GroupMetadataValue.MemberMetadata m = decoded.members().get(0);
        assertThat(m.memberId()).isEqualTo("m1");
        assertThat(m.sessionTimeout()).isEqualTo(10000);
        assertThat(m.rebalanceTimeout()).isEqualTo(version >= 1 ? 30000 : 10000);
        assertThat(m.subscription()).containsExactly(1, 2);
        assertThat(m.assignment()).containsExactly(3);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4})
    void offsetCommitValueRoundTripsInEveryVersion(short version) {
        OffsetCommitValue value = new OffsetCommitValue(
                7, version >= 3 ? 5 : -1, "x", 99, version == 1 ? OptionalLong.of(100) : OptionalLong.empty());

        byte[] bytes = CoordinatorRecordCodec.encodeOffsetCommitValue(value, version);

        assertThat(CoordinatorRecordCodec.decodeOffsetCommitValue(ByteBuffer.wrap(bytes)))
                .isEqualTo(value);
    }

    @Test
    void truncatedValueIsReportedAsCorrupt() {
        byte[] bytes = CoordinatorRecordCodec.encodeGroupMetadataValue(GROUP);
        ByteBuffer truncated = ByteBuffer.wrap(bytes, 0, bytes.length - 3);

        assertThatThrownBy(() -> CoordinatorRecordCodec.decodeGroupMetadataValue(truncated))
                .isInstanceOf(CorruptCoordinatorRecordException.class);
    }

    @Test
    void absurdArrayLengthIsCorruptNotAnAllocation() {
        byte[] bytes = HEX.parseHex("0003" + "0000" + "00000001" + "ffff" + "ffff" + "0000000000000000" + "7fffffff");

        assertThatThrownBy(() -> CoordinatorRecordCodec.decodeGroupMetadataValue(ByteBuffer.wrap(bytes)))
                .isInstanceOf(CorruptCoordinatorRecordException.class)
                .hasMessageContaining("members");
    }

    @Test
    void unknownRecordTypesAreSkippableNotErrors() {
        byte[] consumerGroupPartitionMetadataKey = HEX.parseHex("0004" + "000167");

        assertThat(CoordinatorRecordCodec.decodeKey(ByteBuffer.wrap(consumerGroupPartitionMetadataKey)))
                .isEqualTo(new UnknownRecordKey((short) 4));
    }

    @Test
    void consumerGroupMemberKeysHaveKafkasLayout() {
        ConsumerGroupKey key = ConsumerGroupKey.member(ConsumerGroupKey.Kind.CURRENT_MEMBER_ASSIGNMENT, "g", "m");

        byte[] bytes = CoordinatorRecordCodec.encodeKey(key);

        assertThat(HEX.formatHex(bytes)).isEqualTo("0008" + "000167" + "00016d");
        assertThat(CoordinatorRecordCodec.decodeKey(ByteBuffer.wrap(bytes))).isEqualTo(key);
        assertThat(HEX.formatHex(CoordinatorRecordCodec.encodeKey(
                        ConsumerGroupKey.group(ConsumerGroupKey.Kind.GROUP_METADATA, "g"))))
                .isEqualTo("0003" + "000167");
    }

    @Test
    void currentMemberAssignmentValueHasKafkasFlexibleLayout() {
        org.apache.kafka.common.Uuid topic = new org.apache.kafka.common.Uuid(1L, 2L);
        ConsumerGroupCurrentMemberAssignmentValue value = new ConsumerGroupCurrentMemberAssignmentValue(
                5, 4, (byte) 1, List.of(new TopicPartitions(topic, List.of(0, 2))), List.of());

        byte[] bytes = CoordinatorRecordCodec.encodeCurrentMemberAssignment(value);

        assertThat(HEX.formatHex(bytes))
                .isEqualTo("0000" + "00000005" + "00000004" + "01"
                        + "02" + "0000000000000001" + "0000000000000002" + "03" + "00000000" + "00000002" + "00"
                        + "01"
                        + "00");
        assertThat(CoordinatorRecordCodec.decodeCurrentMemberAssignment(ByteBuffer.wrap(bytes)))
                .isEqualTo(value);
    }

    @Test
    void memberMetadataValueRoundTripsAndSkipsUnknownTaggedFields() {
        ConsumerGroupMemberMetadataValue value = new ConsumerGroupMemberMetadataValue(
                null, "rack", "client", "/1.2.3.4", List.of("a", "b"), null, 30000, "uniform");
        byte[] bytes = CoordinatorRecordCodec.encodeMemberMetadata(value);
        // Replace the empty tagged-field section with one unknown tag (tag 9, 2 bytes), as a newer broker may write.
        byte[] withTag = java.util.Arrays.copyOf(bytes, bytes.length + 4);
        withTag[bytes.length - 1] = 1;
        withTag[bytes.length] = 9;
        withTag[bytes.length + 1] = 2;

        assertThat(CoordinatorRecordCodec.decodeMemberMetadata(ByteBuffer.wrap(bytes)))
                .isEqualTo(value);
        assertThat(CoordinatorRecordCodec.decodeMemberMetadata(ByteBuffer.wrap(withTag)))
                .isEqualTo(value);
    }
}
