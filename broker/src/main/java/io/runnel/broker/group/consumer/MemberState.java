package io.runnel.broker.group.consumer;

/**
 * Where a KIP-848 member stands in reconciling towards its target assignment. The values are Kafka's, as stored
 * in ConsumerGroupCurrentMemberAssignment records.
 */
public enum MemberState {
    /** Owns exactly its target assignment in the current target epoch. */
    STABLE((byte) 0),
    /** Must revoke partitions (listed as pending revocation) before it can move to the next epoch. */
    UNREVOKED_PARTITIONS((byte) 1),
    /** In the new epoch, but waiting for partitions other members still own. */
    UNRELEASED_PARTITIONS((byte) 2);

    private final byte value;

    MemberState(byte value) {
        this.value = value;
    }

    public byte value() {
        return value;
    }

    /** The state stored as {@code value}; unknown values (a newer broker's) reconcile afresh from STABLE. */
    public static MemberState fromValue(byte value) {
        for (MemberState s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        return STABLE;
    }
}
