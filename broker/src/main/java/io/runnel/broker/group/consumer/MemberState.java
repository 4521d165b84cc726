package io.runnel.broker.group.consumer;

/** Where a KIP-848 member stands in reconciling towards its target assignment. */
public enum MemberState {
    /** Owns exactly its target assignment in the current target epoch. */
    STABLE,
    /** Must revoke partitions (listed as pending revocation) before it can move to the next epoch. */
    UNREVOKED_PARTITIONS,
    /** In the new epoch, but waiting for partitions other members still own. */
    UNRELEASED_PARTITIONS
}
