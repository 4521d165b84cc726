package io.runnel.broker.group.records;

/**
 * Key of a KIP-848 consumer group record in {@code __consumer_offsets}. Each kind is Kafka's record type of the
 * same number; group-level kinds have no member id.
 */
public record ConsumerGroupKey(Kind kind, String group, String memberId) implements CoordinatorRecordKey {

    /** Kafka's record types of consumer groups (4, partition metadata, is obsolete since KIP-1101 and skipped). */
    public enum Kind {
        GROUP_METADATA(3, false),
        MEMBER_METADATA(5, true),
        TARGET_ASSIGNMENT_METADATA(6, false),
        TARGET_ASSIGNMENT_MEMBER(7, true),
        CURRENT_MEMBER_ASSIGNMENT(8, true);

        private final short type;
        private final boolean perMember;

        Kind(int type, boolean perMember) {
            this.type = (short) type;
            this.perMember = perMember;
        }

        public short type() {
            return type;
        }

        public boolean perMember() {
            return perMember;
        }

        static Kind forType(short type) {
            for (Kind k : values()) {
                if (k.type == type) {
                    return k;
                }
            }
            return null;
        }
    }

    public ConsumerGroupKey {
        if (kind.perMember() != (memberId != null)) {
            throw new IllegalArgumentException(
                    kind + " records " + (kind.perMember() ? "need" : "take no") + " member id");
        }
    }

    public static ConsumerGroupKey group(Kind kind, String group) {
        return new ConsumerGroupKey(kind, group, null);
    }

    public static ConsumerGroupKey member(Kind kind, String group, String memberId) {
        return new ConsumerGroupKey(kind, group, memberId);
    }
}
