package io.runnel.broker.api.group;

import java.util.List;

import io.runnel.broker.group.CoordinatorHarness;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ConsumerGroupDescribeRequestData;
import org.apache.kafka.common.message.ConsumerGroupHeartbeatRequestData;
import org.apache.kafka.common.message.DeleteGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ConsumerGroupDescribeRequest;
import org.apache.kafka.common.requests.ConsumerGroupDescribeResponse;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatRequest;
import org.apache.kafka.common.requests.ConsumerGroupHeartbeatResponse;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteGroupsResponse;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeGroupsResponse;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.JoinGroupResponse;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupResponse;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.ListGroupsResponse;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetCommitResponse;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetDeleteResponse;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.OffsetFetchResponse;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.SyncGroupResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class GroupHandlersTest {

    private final CoordinatorHarness h = new CoordinatorHarness();
    private final Uuid topicId = h.topics.add("t", 4);

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
    void joinSyncHeartbeatInEveryVersion(short version) {
        JoinGroupResponse joined = join(version, "");
        if (version >= 4) {
            // KIP-394: from v4 a new member first gets its id and must come back with it.
            assertThat(joined.error()).isEqualTo(Errors.MEMBER_ID_REQUIRED);
            joined = join(version, joined.data().memberId());
        }
        assertThat(joined.error()).isEqualTo(Errors.NONE);
        assertThat(joined.data().generationId()).isEqualTo(1);
        assertThat(joined.data().protocolName()).isEqualTo("range");
        assertThat(joined.data().members()).hasSize(1);
        String memberId = joined.data().memberId();

        short syncVersion = (short) Math.min(version, 5);
        SyncGroupResponse synced = Wire.call(
                new SyncGroupHandler(h.coordinator),
                new SyncGroupRequest.Builder(new SyncGroupRequestData()
                        .setGroupId("g")
                        .setMemberId(memberId)
                        .setGenerationId(1)
                        .setProtocolType("consumer")
                        .setProtocolName("range")
                        .setAssignments(List.of(new SyncGroupRequestData.SyncGroupRequestAssignment()
                                .setMemberId(memberId)
                                .setAssignment(new byte[] {9})))),
                syncVersion);
        assertThat(synced.error()).isEqualTo(Errors.NONE);
        assertThat(synced.data().assignment()).containsExactly(9);

        HeartbeatResponse beat = Wire.call(
                new HeartbeatHandler(h.coordinator),
                new HeartbeatRequest.Builder(new HeartbeatRequestData()
                        .setGroupId("g")
                        .setMemberId(memberId)
                        .setGenerationId(1)),
                (short) Math.min(version, 4));
        assertThat(beat.error()).isEqualTo(Errors.NONE);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4, 5})
    void leaveOfAnUnknownMemberIsReportedAtTheLevelTheVersionHas(short version) {
        join((short) 3, "");

        LeaveGroupResponse response = Wire.call(
                new LeaveGroupHandler(h.coordinator),
                new LeaveGroupRequest.Builder(
                        "g", List.of(new LeaveGroupRequestData.MemberIdentity().setMemberId("ghost"))),
                version);

        if (version < 3) {
            assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        } else {
            assertThat(Errors.forCode(response.data().errorCode())).isEqualTo(Errors.NONE);
            assertThat(Errors.forCode(response.data().members().get(0).errorCode()))
                    .isEqualTo(Errors.UNKNOWN_MEMBER_ID);
        }
    }

    @ParameterizedTest
    @ValueSource(shorts = {2, 3, 4, 5, 6, 7, 8, 9, 10})
    void offsetsCommittedAreFetchedBackInEveryVersion(short version) {
        boolean topicIds = version >= 10;
        OffsetCommitResponse committed = Wire.call(
                new OffsetCommitHandler(h.coordinator),
                OffsetCommitRequest.Builder.forTopicIdsOrNames(new OffsetCommitRequestData()
                        .setGroupId("g")
                        .setGenerationIdOrMemberEpoch(-1)
                        .setMemberId("")
                        .setTopics(List.of(new OffsetCommitRequestData.OffsetCommitRequestTopic()
                                .setName(topicIds ? "" : "t")
                                .setTopicId(topicIds ? topicId : Uuid.ZERO_UUID)
                                .setPartitions(List.of(new OffsetCommitRequestData.OffsetCommitRequestPartition()
                                        .setPartitionIndex(2)
                                        .setCommittedOffset(77)
                                        .setCommittedMetadata("m")))))),
                version);
        assertThat(Errors.forCode(
                        committed.data().topics().get(0).partitions().get(0).errorCode()))
                .isEqualTo(Errors.NONE);

        short fetchVersion = version;
        OffsetFetchRequestData fetch = fetchVersion >= 8
                ? new OffsetFetchRequestData()
                        .setGroups(List.of(new OffsetFetchRequestData.OffsetFetchRequestGroup()
                                .setGroupId("g")
                                .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics()
                                        .setName(topicIds ? "" : "t")
                                        .setTopicId(topicIds ? topicId : Uuid.ZERO_UUID)
                                        .setPartitionIndexes(List.of(2, 3))))))
                : new OffsetFetchRequestData()
                        .setGroupId("g")
                        .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic()
                                .setName("t")
                                .setPartitionIndexes(List.of(2, 3))));
        OffsetFetchResponse fetched = Wire.call(
                new OffsetFetchHandler(h.coordinator),
                OffsetFetchRequest.Builder.forTopicIdsOrNames(fetch, false),
                fetchVersion);

        if (fetchVersion >= 8) {
            var partitions = fetched.data().groups().get(0).topics().get(0).partitions();
            assertThat(partitions).extracting(p -> p.committedOffset()).containsExactly(77L, -1L);
            assertThat(partitions.get(0).metadata()).isEqualTo("m");
        } else {
            var partitions = fetched.data().topics().get(0).partitions();
            assertThat(partitions).extracting(p -> p.committedOffset()).containsExactly(77L, -1L);
        }
    }

    @Test
    void offsetFetchV1ReturnsCommittedOffsets() {
        h.commit("g", "", -1, "t", 0, 5);

        OffsetFetchResponse fetched = Wire.call(
                new OffsetFetchHandler(h.coordinator),
                OffsetFetchRequest.Builder.forTopicNames(
                        new OffsetFetchRequestData()
                                .setGroupId("g")
                                .setTopics(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopic()
                                        .setName("t")
                                        .setPartitionIndexes(List.of(0)))),
                        false),
                (short) 1);

        assertThat(fetched.data().topics().get(0).partitions().get(0).committedOffset())
                .isEqualTo(5);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4, 5})
    void listGroupsInEveryVersion(short version) {
        h.commit("g", "", -1, "t", 0, 5);

        ListGroupsResponse response = Wire.call(
                new ListGroupsHandler(h.coordinator),
                new ListGroupsRequest.Builder(new ListGroupsRequestData()),
                version);

        assertThat(response.data().groups()).singleElement().satisfies(g -> {
            assertThat(g.groupId()).isEqualTo("g");
            if (version >= 4) {
                assertThat(g.groupState()).isEqualTo("Empty");
            }
            if (version >= 5) {
                assertThat(g.groupType()).isEqualTo(org.apache.kafka.common.GroupType.CLASSIC.toString());
            }
        });
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4, 5, 6})
    void describeGroupsInEveryVersion(short version) {
        String memberId = join((short) 3, "").data().memberId();

        DescribeGroupsResponse response = Wire.call(
                new DescribeGroupsHandler(h.coordinator),
                new DescribeGroupsRequest.Builder(new DescribeGroupsRequestData().setGroups(List.of("g"))),
                version);

        var group = response.data().groups().get(0);
        assertThat(group.groupState()).isEqualTo("CompletingRebalance");
        assertThat(group.protocolType()).isEqualTo("consumer");
        assertThat(group.members()).extracting(m -> m.memberId()).containsExactly(memberId);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2})
    void deleteGroupsInEveryVersion(short version) {
        h.commit("g", "", -1, "t", 0, 5);

        DeleteGroupsResponse response = Wire.call(
                new DeleteGroupsHandler(h.coordinator),
                new DeleteGroupsRequest.Builder(new DeleteGroupsRequestData().setGroupsNames(List.of("g", "x"))),
                version);

        assertThat(response.data().results().find("g").errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.data().results().find("x").errorCode()).isEqualTo(Errors.GROUP_ID_NOT_FOUND.code());
    }

    @Test
    void offsetDeleteThroughTheHandler() {
        h.commit("g", "", -1, "t", 0, 5);

        OffsetDeleteResponse response = Wire.call(
                new OffsetDeleteHandler(h.coordinator),
                new OffsetDeleteRequest.Builder(new OffsetDeleteRequestData()
                        .setGroupId("g")
                        .setTopics(new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection(
                                List.of(new OffsetDeleteRequestData.OffsetDeleteRequestTopic()
                                                .setName("t")
                                                .setPartitions(List.of(
                                                        new OffsetDeleteRequestData.OffsetDeleteRequestPartition()
                                                                .setPartitionIndex(0))))
                                        .iterator()))),
                (short) 0);

        assertThat(response.data().errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(h.committed("g", "t", 0)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1})
    void consumerGroupHeartbeatAndDescribeInEveryVersion(short version) {
        // v0: the coordinator names the member; v1: the client does (KIP-1082).
        String clientMemberId = version == 0 ? "" : Uuid.randomUuid().toString();

        ConsumerGroupHeartbeatResponse joined = Wire.call(
                new ConsumerGroupHeartbeatHandler(h.coordinator),
                new ConsumerGroupHeartbeatRequest.Builder(new ConsumerGroupHeartbeatRequestData()
                        .setGroupId("cg")
                        .setMemberId(clientMemberId)
                        .setMemberEpoch(0)
                        .setRebalanceTimeoutMs(30_000)
                        .setSubscribedTopicNames(List.of("t"))
                        .setTopicPartitions(List.of())),
                version);

        assertThat(Errors.forCode(joined.data().errorCode())).isEqualTo(Errors.NONE);
        assertThat(joined.data().memberId()).isNotEmpty();
        assertThat(joined.data().memberEpoch()).isEqualTo(1);
        assertThat(joined.data().assignment().topicPartitions().get(0).partitions())
                .containsExactly(0, 1, 2, 3);

        ConsumerGroupDescribeResponse described = Wire.call(
                new ConsumerGroupDescribeHandler(h.coordinator),
                new ConsumerGroupDescribeRequest.Builder(
                        new ConsumerGroupDescribeRequestData().setGroupIds(List.of("cg"))),
                version);
        assertThat(described.data().groups().get(0).groupState()).isEqualTo("Stable");
        assertThat(described.data().groups().get(0).members())
                .extracting(m -> m.memberId())
                .containsExactly(joined.data().memberId());
    }

    private JoinGroupResponse join(short version, String memberId) {
        JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        protocols.add(new JoinGroupRequestData.JoinGroupRequestProtocol()
                .setName("range")
                .setMetadata(CoordinatorHarness.subscription("t")));
        return Wire.call(
                new JoinGroupHandler(h.coordinator),
                new JoinGroupRequest.Builder(new JoinGroupRequestData()
                        .setGroupId("g")
                        .setMemberId(memberId)
                        .setSessionTimeoutMs(10_000)
                        .setRebalanceTimeoutMs(30_000)
                        .setProtocolType("consumer")
                        .setProtocols(protocols)),
                version);
    }
}
