package io.runnel.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsumerGroupProtocolTest {

    private final CoordinatorHarness h = new CoordinatorHarness();
    private final Uuid topicId = h.topics.add("t", 6);

    @Test
    void twoMembersGetAUniformAssignment() {
        join("a");
        join("b");

        settle("a", "b");

        assertThat(owned.get("a")).hasSize(3);
        assertThat(owned.get("b")).hasSize(3);
        assertThat(union(owned.get("a"), owned.get("b"))).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(epochs.get("a")).isEqualTo(epochs.get("b")).isEqualTo(2);
    }

    @Test
    void partitionsMoveToAJoiningMemberOnlyAfterTheirOwnerRevokedThem() {
        join("a");
        join("b");
        settle("a", "b");
        Set<Integer> bOwned = Set.copyOf(owned.get("b"));

        join("c");
        assertThat(owned.get("c")).isEmpty(); // everything is still owned by a and b
        assertThat(epochs.get("c")).isEqualTo(3);

        ConsumerGroupHeartbeatResponseData aRevoking = beat("a");
        assertThat(aRevoking.memberEpoch()).isEqualTo(2); // stays in its epoch until it has revoked
        assertThat(owned.get("a")).hasSize(2);
        assertThat(beat("a").memberEpoch()).isEqualTo(3);

        beat("c"); // gets a's released partition only: b has not revoked yet
        assertThat(owned.get("c")).hasSize(1).doesNotContainAnyElementsOf(bOwned);

        beat("b");
        beat("b");
        beat("c");
        assertThat(owned.get("c")).hasSize(2);
        assertThat(union(union(owned.get("a"), owned.get("b")), owned.get("c"))).hasSize(6);
    }

    @Test
    void leavingMembersPartitionsAreReassigned() {
        join("a");
        join("b");
        settle("a", "b");

        ConsumerGroupHeartbeatResponseData left = heartbeat("b", -1, null);
        assertThat(left.memberEpoch()).isEqualTo(-1);
        beat("a");

        assertThat(owned.get("a")).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(epochs.get("a")).isEqualTo(3);
    }

    @Test
    void newCoordinatorReplayingTheLogContinuesWithTheSameMembersEpochsAndAssignments() {
        join("a");
        join("b");
        settle("a", "b");
        Set<Integer> aOwned = Set.copyOf(owned.get("a"));

        h.failOver();

        ConsumerGroupHeartbeatResponseData a = beat("a");
        assertThat(a.memberEpoch()).isEqualTo(2);
        assertThat(a.assignment()).isNull(); // nothing changed for it
        assertThat(owned.get("a")).isEqualTo(aOwned);
        var described = h.coordinator.consumerGroupDescribe(List.of("g")).join().get(0);
        assertThat(described.groupEpoch()).isEqualTo(2);
        assertThat(described.assignmentEpoch()).isEqualTo(2);
        assertThat(described.groupState()).isEqualTo("Stable");
        assertThat(described.members()).hasSize(2);
    }

    @Test
    void memberThatLeftIsGoneAfterReplay() {
        join("a");
        join("b");
        settle("a", "b");
        heartbeat("b", -1, null);

        h.failOver();

        assertThat(Errors.forCode(heartbeat("b", 2, Set.of()).errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        beat("a");
        assertThat(owned.get("a")).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void staticMemberRejoiningUnderANewIdTakesBackItsPartitionsWithoutRebalance() {
        joinStatic("a1", "instance-a");
        join("b");
        settle("a1", "b");
        Set<Integer> aOwned = Set.copyOf(owned.get("a1"));
        ConsumerGroupHeartbeatResponseData left = h.coordinator
                .consumerGroupHeartbeat(
                        CoordinatorHarness.meta(1),
                        new ConsumerGroupHeartbeatRequestData()
                                .setGroupId("g")
                                .setMemberId("a1")
                                .setInstanceId("instance-a")
                                .setMemberEpoch(-2))
                .join();
        assertThat(left.memberEpoch()).isEqualTo(-2);

        ConsumerGroupHeartbeatResponseData back = joinStatic("a2", "instance-a");

        assertThat(partitions(back)).isEqualTo(aOwned);
        assertThat(back.memberEpoch()).isEqualTo(2); // the group epoch did not move
        assertThat(beat("b").memberEpoch()).isEqualTo(2);
    }

    @Test
    void staticInstanceStillInUseIsRejected() {
        joinStatic("a1", "instance-a");

        ConsumerGroupHeartbeatResponseData impostor = h.coordinator
                .consumerGroupHeartbeat(
                        CoordinatorHarness.meta(1), joinRequest("a2").setInstanceId("instance-a"))
                .join();

        assertThat(Errors.forCode(impostor.errorCode())).isEqualTo(Errors.UNRELEASED_INSTANCE_ID);
    }

    private ConsumerGroupHeartbeatResponseData joinStatic(String memberId, String instanceId) {
        ConsumerGroupHeartbeatResponseData r = h.coordinator
                .consumerGroupHeartbeat(
                        CoordinatorHarness.meta(1), joinRequest(memberId).setInstanceId(instanceId))
                .join();
        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.NONE);
        track(memberId, r);
        return r;
    }

    @Test
    void offsetCommitWithAStaleMemberEpochIsRejected() {
        join("a");

        assertThat(h.commit("g", "a", epochs.get("a") + 1, "t", 0, 5)).isEqualTo(Errors.STALE_MEMBER_EPOCH);
        assertThat(h.commit("g", "nobody", 1, "t", 0, 5)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(h.commit("g", "a", epochs.get("a"), "t", 0, 5)).isEqualTo(Errors.NONE);
    }

    @Test
    void commitSentBeforeTheRevocationAckBumpedTheEpochIsAcceptedForKeptPartitions() {
        // given a revoked half of its partitions at epoch 1 and acknowledged it, which moved it to epoch 2
        join("a");
        join("b");
        beat("a"); // told to revoke, stays at epoch 1
        Set<Integer> kept = Set.copyOf(owned.get("a"));
        assertThat(beat("a").memberEpoch()).isEqualTo(2); // the acknowledgement
        int keptPartition = kept.iterator().next();

        // when a commit it sent in epoch 1, racing with the acknowledgement, arrives
        Errors error = h.commit("g", "a", 1, "t", keptPartition, 5);

        // then it is accepted: a has owned the partition since epoch 1, nobody else can have (KIP-1251)
        assertThat(error).isEqualTo(Errors.NONE);
    }

    @Test
    void commitWithAnOlderEpochIsRejectedForAPartitionTheMemberRevoked() {
        join("a");
        join("b");
        beat("a");
        Set<Integer> revoked = new TreeSet<>(Set.of(0, 1, 2, 3, 4, 5));
        revoked.removeAll(owned.get("a"));
        beat("a");

        Errors error = h.commit("g", "a", 1, "t", revoked.iterator().next(), 5);

        assertThat(error).isEqualTo(Errors.STALE_MEMBER_EPOCH);
    }

    @Test
    void commitWithAnEpochOlderThanAPartitionsAssignmentIsRejected() {
        // given b owned half the partitions in epoch 2 and got a's half in epoch 3, when a left
        join("a");
        join("b");
        settle("a", "b");
        Set<Integer> aHalf = new TreeSet<>(owned.get("a"));
        heartbeat("a", -1, null);
        beat("b");
        assertThat(epochs.get("b")).isEqualTo(3);
        assertThat(owned.get("b")).containsAll(aHalf);

        // when b commits with epoch 2 for one of a's former partitions
        Errors error = h.commit("g", "b", 2, "t", aHalf.iterator().next(), 5);

        // then it is stale: in epoch 2 the partition was a's
        assertThat(error).isEqualTo(Errors.STALE_MEMBER_EPOCH);
    }

    @Test
    void heartbeatWithAFencedEpochIsRejected() {
        ConsumerGroupHeartbeatResponseData a = join("a");

        ConsumerGroupHeartbeatResponseData stale = heartbeat("a", a.memberEpoch() + 5, partitions(a));

        assertThat(Errors.forCode(stale.errorCode())).isEqualTo(Errors.FENCED_MEMBER_EPOCH);
    }

    @Test
    void heartbeatOfAnUnknownMemberIsRejected() {
        join("a");

        ConsumerGroupHeartbeatResponseData unknown = heartbeat("ghost", 1, Set.of());

        assertThat(Errors.forCode(unknown.errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void memberMissingItsSessionTimeoutIsRemoved() {
        join("a");
        join("b");

        for (int t = 0; t <= h.config.consumerGroupSessionTimeoutMs(); t += 5_000) {
            beat("a");
            h.advance(5_000);
        }
        beat("a");

        assertThat(Errors.forCode(heartbeat("b", 2, Set.of()).errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(owned.get("a")).hasSize(6);
    }

    @Test
    void unsupportedServerAssignorIsRejected() {
        ConsumerGroupHeartbeatResponseData response = h.coordinator
                .consumerGroupHeartbeat(
                        CoordinatorHarness.meta(1), joinRequest("a").setServerAssignor("magic"))
                .join();

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.UNSUPPORTED_ASSIGNOR);
    }

    @Test
    void describeShowsMembersEpochsAndAssignments() {
        join("a");

        var described =
                h.coordinator.consumerGroupDescribe(List.of("g", "nope")).join();

        assertThat(described.get(0).groupEpoch()).isEqualTo(1);
        assertThat(described.get(0).assignorName()).isEqualTo("uniform");
        assertThat(described.get(0).members()).singleElement().satisfies(m -> {
            assertThat(m.memberEpoch()).isEqualTo(1);
            assertThat(m.assignment().topicPartitions().get(0).topicName()).isEqualTo("t");
        });
        assertThat(Errors.forCode(described.get(1).errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    private ConsumerGroupHeartbeatRequestData joinRequest(String memberId) {
        return new ConsumerGroupHeartbeatRequestData()
                .setGroupId("g")
                .setMemberId(memberId)
                .setMemberEpoch(0)
                .setRebalanceTimeoutMs(30_000)
                .setSubscribedTopicNames(List.of("t"))
                .setTopicPartitions(new ArrayList<>());
    }

    private ConsumerGroupHeartbeatResponseData join(String memberId) {
        ConsumerGroupHeartbeatResponseData r = h.coordinator
                .consumerGroupHeartbeat(CoordinatorHarness.meta(1), joinRequest(memberId))
                .join();
        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.NONE);
        track(memberId, r);
        return r;
    }

    /** What each simulated client owns and its epoch: it applies every assignment it receives at once. */
    private final java.util.Map<String, Set<Integer>> owned = new java.util.HashMap<>();

    private final java.util.Map<String, Integer> epochs = new java.util.HashMap<>();

    private void track(String memberId, ConsumerGroupHeartbeatResponseData r) {
        if (r.assignment() != null) {
            owned.put(memberId, partitions(r));
        }
        owned.putIfAbsent(memberId, new TreeSet<>());
        epochs.put(memberId, r.memberEpoch());
    }

    /** A heartbeat of a simulated client reporting what it owns. */
    private ConsumerGroupHeartbeatResponseData beat(String memberId) {
        ConsumerGroupHeartbeatResponseData r = heartbeat(memberId, epochs.get(memberId), owned.get(memberId));
        assertThat(Errors.forCode(r.errorCode())).isEqualTo(Errors.NONE);
        track(memberId, r);
        return r;
    }

    private void settle(String... members) {
        for (int round = 0; round < 4; round++) {
            for (String m : members) {
                beat(m);
            }
        }
    }

    private ConsumerGroupHeartbeatResponseData heartbeat(String memberId, int epoch, Set<Integer> owned) {
        ConsumerGroupHeartbeatRequestData req = new ConsumerGroupHeartbeatRequestData()
                .setGroupId("g")
                .setMemberId(memberId)
                .setMemberEpoch(epoch)
                .setTopicPartitions(
                        owned == null
                                ? null
                                : new ArrayList<>(List.of(new ConsumerGroupHeartbeatRequestData.TopicPartitions()
                                        .setTopicId(topicId)
                                        .setPartitions(new ArrayList<>(owned)))));
        return h.coordinator
                .consumerGroupHeartbeat(CoordinatorHarness.meta(1), req)
                .join();
    }

    /** The partitions of the response's assignment; heartbeats that change nothing carry none. */
    private Set<Integer> partitions(ConsumerGroupHeartbeatResponseData r) {
        Set<Integer> result = new TreeSet<>();
        if (r.assignment() != null) {
            r.assignment().topicPartitions().forEach(tp -> result.addAll(tp.partitions()));
        }
        return result;
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }
}
