package io.runnel.broker.group;

import java.util.List;
import java.util.Set;

import io.runnel.broker.group.records.CoordinatorRecordCodec;
import io.runnel.broker.group.records.OffsetCommitKey;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.Test;

import static io.runnel.broker.group.CoordinatorHarness.assignment;
import static org.assertj.core.api.Assertions.assertThat;

class OffsetsAndAdministrationTest {

    private final CoordinatorHarness h = new CoordinatorHarness();

    @Test
    void committedOffsetIsWrittenAsAnOffsetCommitRecord() {
        assertThat(h.commit("g", "", -1, "t", 3, 42, "meta")).isEqualTo(Errors.NONE);

        List<Record> records = h.log.records();
        assertThat(records).hasSize(1);
        assertThat(CoordinatorRecordCodec.decodeKey(records.get(0).key())).isEqualTo(new OffsetCommitKey("g", "t", 3));
        var value =
                CoordinatorRecordCodec.decodeOffsetCommitValue(records.get(0).value());
        assertThat(value.offset()).isEqualTo(42);
        assertThat(value.metadata()).isEqualTo("meta");
        assertThat(value.commitTimestamp()).isEqualTo(h.clock.milliseconds());
    }

    @Test
    void failedAppendLeavesTheOffsetUncommittedAndReportsNotCoordinator() {
        h.log.failNextAppend(new NotLeaderOrFollowerException("moved"));

        assertThat(h.commit("g", "", -1, "t", 0, 7)).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(h.committed("g", "t", 0)).isEqualTo(-1);
    }

    @Test
    void metadataLongerThanTheLimitIsRejected() {
        String tooLong = "x".repeat(h.config.offsetMetadataMaxBytes() + 1);

        assertThat(h.commit("g", "", -1, "t", 0, 7, tooLong)).isEqualTo(Errors.OFFSET_METADATA_TOO_LARGE);
        assertThat(h.log.records()).isEmpty();
    }

    @Test
    void newCoordinatorReplayingTheLogHasTheSameOffsetsAndGroup() {
        JoinGroupResponseData joined = h.joinNew("g").join();
        h.sync("g", joined.memberId(), 1, List.of(assignment(joined.memberId(), "t-0")))
                .join();
        h.commit("g", joined.memberId(), 1, "t", 0, 100);
        h.commit("g", joined.memberId(), 1, "t", 0, 150);
        h.commit("simple", "", -1, "u", 1, 9);

        h.failOver();

        assertThat(h.committed("g", "t", 0)).isEqualTo(150);
        assertThat(h.committed("simple", "u", 1)).isEqualTo(9);
        DescribeGroupsResponseData.DescribedGroup g = describe("g", 5);
        assertThat(g.groupState()).isEqualTo("Stable");
        assertThat(g.protocolData()).isEqualTo("range");
        assertThat(g.members()).singleElement().satisfies(m -> {
            assertThat(m.memberId()).isEqualTo(joined.memberId());
            assertThat(new String(m.memberAssignment())).isEqualTo("t-0");
        });
        assertThat(h.heartbeat("g", joined.memberId(), 1)).isEqualTo(Errors.NONE);
    }

    @Test
    void requestsForAPartitionNotLedHereAreNotCoordinator() {
        h.coordinator.onResign(0);

        assertThat(h.commit("g", "", -1, "t", 0, 1)).isEqualTo(Errors.NOT_COORDINATOR);
        assertThat(Errors.forCode(h.join("g", "", null).join().errorCode())).isEqualTo(Errors.NOT_COORDINATOR);
    }

    @Test
    void offsetsOfAnEmptyGroupExpireAfterRetentionWithTombstones() {
        h.commit("g", "", -1, "t", 0, 5);

        h.advance(h.config.offsetsRetentionMs() - 1);
        assertThat(h.committed("g", "t", 0)).isEqualTo(5);
        h.advance(h.config.offsetsRetentionCheckIntervalMs() + 1);

        assertThat(h.committed("g", "t", 0)).isEqualTo(-1);
        Record last = h.log.records().get(h.log.records().size() - 1);
        assertThat(last.hasValue()).isFalse();
        h.failOver();
        assertThat(h.committed("g", "t", 0)).isEqualTo(-1);
    }

    @Test
    void offsetsOfAGroupWithMembersDoNotExpire() {
        JoinGroupResponseData joined = h.joinNew("g").join();
        h.sync("g", joined.memberId(), 1, List.of()).join();
        assertThat(h.commit("g", joined.memberId(), 1, "t", 0, 5)).isEqualTo(Errors.NONE);

        for (long t = 0; t <= h.config.offsetsRetentionMs(); t += 5_000) {
            h.heartbeat("g", joined.memberId(), 1);
            h.advance(5_000);
        }

        assertThat(h.committed("g", "t", 0)).isEqualTo(5);
    }

    @Test
    void deleteGroupsRemovesEmptyGroupsOnly() {
        h.commit("empty", "", -1, "t", 0, 5);
        h.joinNew("busy").join();

        var results =
                h.coordinator.deleteGroups(List.of("empty", "busy", "unknown")).join();

        assertThat(results)
                .extracting(r -> Errors.forCode(r.errorCode()))
                .containsExactly(Errors.NONE, Errors.NON_EMPTY_GROUP, Errors.GROUP_ID_NOT_FOUND);
        assertThat(h.committed("empty", "t", 0)).isEqualTo(-1);
        h.failOver();
        assertThat(h.committed("empty", "t", 0)).isEqualTo(-1);
    }

    @Test
    void offsetDeleteRefusesTopicsTheGroupSubscribesTo() {
        JoinGroupResponseData joined = h.joinNew("g").join(); // subscribes to "t"
        h.sync("g", joined.memberId(), 1, List.of()).join();
        h.commit("g", joined.memberId(), 1, "t", 0, 5);
        h.commit("g", joined.memberId(), 1, "old", 0, 6);

        OffsetDeleteResponseData response = h.coordinator
                .deleteOffsets(new OffsetDeleteRequestData()
                        .setGroupId("g")
                        .setTopics(new OffsetDeleteRequestData.OffsetDeleteRequestTopicCollection(
                                List.of(topic("t"), topic("old")).iterator())))
                .join();

        assertThat(Errors.forCode(
                        response.topics().find("t").partitions().find(0).errorCode()))
                .isEqualTo(Errors.GROUP_SUBSCRIBED_TO_TOPIC);
        assertThat(Errors.forCode(
                        response.topics().find("old").partitions().find(0).errorCode()))
                .isEqualTo(Errors.NONE);
        assertThat(h.committed("g", "t", 0)).isEqualTo(5);
        assertThat(h.committed("g", "old", 0)).isEqualTo(-1);
    }

    @Test
    void offsetDeleteOfUnknownGroupIsGroupIdNotFound() {
        OffsetDeleteResponseData response = h.coordinator
                .deleteOffsets(new OffsetDeleteRequestData().setGroupId("nope"))
                .join();

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    @Test
    void listGroupsFiltersByStateAndType() {
        h.commit("empty", "", -1, "t", 0, 5);
        JoinGroupResponseData joined = h.joinNew("stable").join();
        h.sync("stable", joined.memberId(), 1, List.of()).join();

        assertThat(list(Set.of(), Set.of())).containsExactlyInAnyOrder("empty", "stable");
        assertThat(list(Set.of("Stable"), Set.of())).containsExactly("stable");
        assertThat(list(Set.of("empty"), Set.of("classic"))).containsExactly("empty");
        assertThat(list(Set.of(), Set.of("consumer"))).isEmpty();
    }

    @Test
    void describingAnUnknownGroupIsDeadBeforeV6AndNotFoundFromV6() {
        assertThat(describe("nope", 5).groupState()).isEqualTo("Dead");
        assertThat(Errors.forCode(describe("nope", 5).errorCode())).isEqualTo(Errors.NONE);
        assertThat(Errors.forCode(describe("nope", 6).errorCode())).isEqualTo(Errors.GROUP_ID_NOT_FOUND);
    }

    private List<String> list(Set<String> states, Set<String> types) {
        return h.coordinator.listGroups(states, types).join().groups().stream()
                .map(ListGroupsResponseData.ListedGroup::groupId)
                .toList();
    }

    private DescribeGroupsResponseData.DescribedGroup describe(String group, int version) {
        return h.coordinator
                .describeGroups(CoordinatorHarness.meta(version), List.of(group))
                .join()
                .get(0);
    }

    private static OffsetDeleteRequestData.OffsetDeleteRequestTopic topic(String name) {
        return new OffsetDeleteRequestData.OffsetDeleteRequestTopic()
                .setName(name)
                .setPartitions(
                        List.of(new OffsetDeleteRequestData.OffsetDeleteRequestPartition().setPartitionIndex(0)));
    }
}
