package io.runnel.broker.group;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;

import static io.runnel.broker.group.CoordinatorHarness.REBALANCE_MS;
import static io.runnel.broker.group.CoordinatorHarness.SESSION_MS;
import static io.runnel.broker.group.CoordinatorHarness.assignment;
import static org.assertj.core.api.Assertions.assertThat;

class ClassicGroupProtocolTest {

    private final CoordinatorHarness h = new CoordinatorHarness();

    @Test
    void newDynamicMemberMustRejoinWithTheMemberIdItWasGiven() {
        JoinGroupResponseData first = h.join("g", "", null).join();

        assertThat(Errors.forCode(first.errorCode())).isEqualTo(Errors.MEMBER_ID_REQUIRED);
        assertThat(first.memberId()).startsWith("client-");

        JoinGroupResponseData second = h.join("g", first.memberId(), null).join();
        assertThat(Errors.forCode(second.errorCode())).isEqualTo(Errors.NONE);
        assertThat(second.memberId()).isEqualTo(first.memberId());
        assertThat(second.generationId()).isEqualTo(1);
    }

    @Test
    void twoMembersJoinAndTheLeadersAssignmentIsRelayedToEach() {
        CompletableFuture<JoinGroupResponseData> a = h.joinNew("g");
        JoinGroupResponseData aJoined = a.join(); // alone: completes at once, generation 1
        CompletableFuture<JoinGroupResponseData> b = h.joinNew("g");
        assertThat(b).isNotDone(); // waits for the existing member to rejoin

        CompletableFuture<JoinGroupResponseData> aAgain = h.join("g", aJoined.memberId(), null);
        JoinGroupResponseData leader = aAgain.join();
        JoinGroupResponseData follower = b.join();

        assertThat(leader.generationId()).isEqualTo(2).isEqualTo(follower.generationId());
        assertThat(leader.protocolName()).isEqualTo("range");
        assertThat(leader.leader()).isEqualTo(aJoined.memberId());
        assertThat(leader.members()).hasSize(2);
        assertThat(follower.members()).isEmpty();

        CompletableFuture<SyncGroupResponseData> followerSync = h.sync("g", follower.memberId(), 2, List.of());
        assertThat(followerSync).isNotDone();
        SyncGroupResponseData leaderSync = h.sync(
                        "g",
                        leader.memberId(),
                        2,
                        List.of(assignment(leader.memberId(), "t-0"), assignment(follower.memberId(), "t-1")))
                .join();

        assertThat(new String(leaderSync.assignment())).isEqualTo("t-0");
        assertThat(new String(followerSync.join().assignment())).isEqualTo("t-1");
        assertThat(h.heartbeat("g", follower.memberId(), 2)).isEqualTo(Errors.NONE);
    }

    @Test
    void heartbeatWithStaleGenerationIsIllegalGeneration() {
        JoinGroupResponseData a = stableSingleMember("g");

        assertThat(h.heartbeat("g", a.memberId(), a.generationId() - 1)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(h.heartbeat("g", "nobody", a.generationId())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void offsetCommitWithStaleGenerationIsIllegalGeneration() {
        JoinGroupResponseData a = stableSingleMember("g");

        assertThat(h.commit("g", a.memberId(), a.generationId() - 1, "t", 0, 5)).isEqualTo(Errors.ILLEGAL_GENERATION);
        assertThat(h.commit("g", "nobody", a.generationId(), "t", 0, 5)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(h.commit("g", a.memberId(), a.generationId(), "t", 0, 5)).isEqualTo(Errors.NONE);
        assertThat(h.committed("g", "t", 0)).isEqualTo(5);
    }

    @Test
    void memberJoiningAStableGroupTriggersRebalanceSeenInHeartbeats() {
        JoinGroupResponseData a = stableSingleMember("g");

        CompletableFuture<JoinGroupResponseData> b = h.joinNew("g");

        assertThat(h.heartbeat("g", a.memberId(), a.generationId())).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(b).isNotDone();
    }

    @Test
    void leavingMemberTriggersRebalanceOfTheRest() {
        JoinGroupResponseData[] members = stableTwoMembers("g");

        assertThat(h.leave("g", members[1].memberId())).isEqualTo(Errors.NONE);

        assertThat(h.heartbeat("g", members[0].memberId(), 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        JoinGroupResponseData rejoined =
                h.join("g", members[0].memberId(), null).join();
        assertThat(rejoined.generationId()).isEqualTo(3);
        assertThat(rejoined.members()).hasSize(1);
        assertThat(h.leave("g", "nobody")).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void memberMissingItsSessionTimeoutIsRemovedAndTheGroupRebalances() {
        JoinGroupResponseData[] members = stableTwoMembers("g");

        h.advance(SESSION_MS / 2);
        assertThat(h.heartbeat("g", members[0].memberId(), 2)).isEqualTo(Errors.NONE);
        h.advance(SESSION_MS / 2 + 1); // member 1 never heartbeat

        assertThat(h.heartbeat("g", members[0].memberId(), 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
        assertThat(h.heartbeat("g", members[1].memberId(), 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void memberNotRejoiningWithinRebalanceTimeoutIsDropped() {
        JoinGroupResponseData[] members = stableTwoMembers("g");
        CompletableFuture<JoinGroupResponseData> c = h.joinNew("g");
        CompletableFuture<JoinGroupResponseData> a = h.join("g", members[0].memberId(), null);
        // member 1 keeps heartbeating but never rejoins
        for (int t = 0; t < REBALANCE_MS; t += SESSION_MS / 2) {
            h.heartbeat("g", members[1].memberId(), 2);
            h.advance(SESSION_MS / 2);
        }

        assertThat(a.join().generationId()).isEqualTo(3);
        assertThat(a.join().members())
                .extracting(m -> m.memberId())
                .containsExactlyInAnyOrder(members[0].memberId(), c.join().memberId());
    }

    @Test
    void memberNotSyncingWithinRebalanceTimeoutIsRemoved() {
        JoinGroupResponseData a = h.joinNew("g").join();
        CompletableFuture<JoinGroupResponseData> b = h.joinNew("g");
        JoinGroupResponseData leader = h.join("g", a.memberId(), null).join();
        String follower = b.join().memberId();
        h.sync("g", leader.memberId(), 2, List.of(assignment(leader.memberId(), "t-0"), assignment(follower, "t-1")))
                .join();

        // The follower heartbeats (so its session lives) but never sends SyncGroup.
        for (int t = 0; t <= REBALANCE_MS; t += SESSION_MS / 2) {
            h.heartbeat("g", follower, 2);
            h.heartbeat("g", leader.memberId(), 2);
            h.advance(SESSION_MS / 2);
        }

        assertThat(h.heartbeat("g", follower, 2)).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        assertThat(h.heartbeat("g", leader.memberId(), 2)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void offsetCommitWhileAwaitingTheLeadersAssignmentIsRebalanceInProgress() {
        JoinGroupResponseData joined = h.joinNew("g").join();

        assertThat(h.commit("g", joined.memberId(), 1, "t", 0, 5)).isEqualTo(Errors.REBALANCE_IN_PROGRESS);
    }

    @Test
    void requestsWhileTheOffsetsPartitionLoadsAreLoadInProgress() {
        java.util.ArrayDeque<Runnable> queued = new java.util.ArrayDeque<>();
        GroupCoordinator loading = new GroupCoordinator(h.config, h.clock, h.clock, queued::add, h.log, h.topics);
        loading.onBecomeLeader(0, h.log);

        var response = loading.heartbeat(
                        CoordinatorHarness.meta(4),
                        new org.apache.kafka.common.message.HeartbeatRequestData().setGroupId("g"))
                .join();
        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.COORDINATOR_LOAD_IN_PROGRESS);

        while (!queued.isEmpty()) {
            queued.poll().run();
        }
        var afterLoad = loading.heartbeat(
                CoordinatorHarness.meta(4), new org.apache.kafka.common.message.HeartbeatRequestData().setGroupId("g"));
        while (!queued.isEmpty()) {
            queued.poll().run();
        }
        assertThat(Errors.forCode(afterLoad.join().errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
    }

    @Test
    void staticMemberRestartingWithinSessionTimeoutKeepsItsAssignmentWithoutRebalance() {
        JoinGroupResponseData first = h.join("g", "", "instance-1").join(); // static: no MEMBER_ID_REQUIRED
        h.sync("g", first.memberId(), 1, List.of(assignment(first.memberId(), "t-0")))
                .join();

        JoinGroupResponseData restarted = h.join("g", "", "instance-1").join();

        assertThat(Errors.forCode(restarted.errorCode())).isEqualTo(Errors.NONE);
        assertThat(restarted.memberId()).isNotEqualTo(first.memberId());
        assertThat(restarted.generationId()).isEqualTo(1);
        assertThat(restarted.skipAssignment()).isTrue();
        SyncGroupResponseData sync =
                h.sync("g", restarted.memberId(), 1, List.of()).join();
        assertThat(new String(sync.assignment())).isEqualTo("t-0");
        assertThat(h.heartbeat("g", restarted.memberId(), "instance-1", 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void oldIdOfARestartedStaticMemberIsFenced() {
        JoinGroupResponseData first = h.join("g", "", "instance-1").join();
        h.sync("g", first.memberId(), 1, List.of(assignment(first.memberId(), "t-0")))
                .join();
        h.join("g", "", "instance-1").join();

        assertThat(h.heartbeat("g", first.memberId(), "instance-1", 1)).isEqualTo(Errors.FENCED_INSTANCE_ID);
        assertThat(Errors.forCode(
                        h.join("g", first.memberId(), "instance-1").join().errorCode()))
                .isEqualTo(Errors.FENCED_INSTANCE_ID);
    }

    @Test
    void groupMaxSizeRejectsTheMemberBeyondIt() {
        CoordinatorHarness small = new CoordinatorHarness(GroupCoordinatorConfig.defaults()
                .withOffsetsTopicNumPartitions(1)
                .withGroupInitialRebalanceDelayMs(0)
                .withGroupMaxSize(1));
        small.joinNew("g").join();

        JoinGroupResponseData rejected = small.join("g", "", null).join();

        assertThat(Errors.forCode(rejected.errorCode())).isEqualTo(Errors.GROUP_MAX_SIZE_REACHED);
    }

    @Test
    void sessionTimeoutOutsideConfiguredBoundsIsRejected() {
        var req = CoordinatorHarness.joinRequest("g", "", null, "range").setSessionTimeoutMs(1000);

        JoinGroupResponseData response =
                h.coordinator.joinGroup(CoordinatorHarness.meta(9), req).join();

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.INVALID_SESSION_TIMEOUT);
    }

    @Test
    void memberWithoutACommonProtocolIsRejected() {
        stableSingleMember("g");

        JoinGroupResponseData response = h.coordinator
                .joinGroup(CoordinatorHarness.meta(9), CoordinatorHarness.joinRequest("g", "", null, "roundrobin"))
                .join();

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.INCONSISTENT_GROUP_PROTOCOL);
    }

    @Test
    void protocolWithMostVotesAmongThoseAllSupportIsSelected() {
        CompletableFuture<JoinGroupResponseData> a = h.coordinator.joinGroup(
                CoordinatorHarness.meta(3), CoordinatorHarness.joinRequest("g", "", null, "sticky", "range"));
        String aId = a.join().memberId();
        CompletableFuture<JoinGroupResponseData> b = h.coordinator.joinGroup(
                CoordinatorHarness.meta(3), CoordinatorHarness.joinRequest("g", "", null, "range", "sticky"));
        CompletableFuture<JoinGroupResponseData> c = h.coordinator.joinGroup(
                CoordinatorHarness.meta(3), CoordinatorHarness.joinRequest("g", "", null, "range", "roundrobin"));
        h.coordinator.joinGroup(
                CoordinatorHarness.meta(3), CoordinatorHarness.joinRequest("g", aId, null, "sticky", "range"));

        assertThat(b.join().protocolName()).isEqualTo("range");
        assertThat(c.join().protocolName()).isEqualTo("range");
    }

    @Test
    void initialRebalanceDelayHoldsTheFirstGenerationUntilMembersStopArriving() {
        CoordinatorHarness delayed = new CoordinatorHarness(GroupCoordinatorConfig.defaults()
                .withOffsetsTopicNumPartitions(1)
                .withGroupInitialRebalanceDelayMs(3000));
        CompletableFuture<JoinGroupResponseData> a = delayed.joinNew("g");
        delayed.advance(2000);
        CompletableFuture<JoinGroupResponseData> b = delayed.joinNew("g");
        delayed.advance(1000); // first delay over, but a member arrived: extended by another delay
        assertThat(a).isNotDone();

        delayed.advance(3000);

        assertThat(a.join().generationId()).isEqualTo(1);
        assertThat(b.join().generationId()).isEqualTo(1);
        assertThat(a.join().members().size() + b.join().members().size()).isEqualTo(2);
    }

    @Test
    void syncFromOlderGenerationIsIllegalGeneration() {
        JoinGroupResponseData a = stableSingleMember("g");

        SyncGroupResponseData sync =
                h.sync("g", a.memberId(), a.generationId() + 1, List.of()).join();

        assertThat(Errors.forCode(sync.errorCode())).isEqualTo(Errors.ILLEGAL_GENERATION);
    }

    private JoinGroupResponseData stableSingleMember(String group) {
        JoinGroupResponseData joined = h.joinNew(group).join();
        h.sync(group, joined.memberId(), joined.generationId(), List.of(assignment(joined.memberId(), "all")))
                .join();
        return joined;
    }

    private JoinGroupResponseData[] stableTwoMembers(String group) {
        JoinGroupResponseData a = h.joinNew(group).join();
        CompletableFuture<JoinGroupResponseData> b = h.joinNew(group);
        JoinGroupResponseData leader = h.join(group, a.memberId(), null).join();
        JoinGroupResponseData follower = b.join();
        CompletableFuture<SyncGroupResponseData> fs = h.sync(group, follower.memberId(), 2, List.of());
        h.sync(
                        group,
                        leader.memberId(),
                        2,
                        List.of(assignment(leader.memberId(), "t-0"), assignment(follower.memberId(), "t-1")))
                .join();
        fs.join();
        return new JoinGroupResponseData[] {leader, follower};
    }
}
