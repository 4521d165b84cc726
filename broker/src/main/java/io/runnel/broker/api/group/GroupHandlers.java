package io.runnel.broker.api.group;

import java.util.List;

import io.runnel.broker.api.ApiHandler;
import io.runnel.broker.group.GroupCoordinator;
import io.runnel.broker.group.InternalTopicCreator;
import io.runnel.broker.group.OffsetsTopicLeaders;

/** The consumer-group API handlers over one group coordinator, ready to register with the network layer. */
public final class GroupHandlers {

    private GroupHandlers() {}

    /**
     * @param leaders who leads each {@code __consumer_offsets} partition (FindCoordinator's answer)
     * @param topicCreator creates {@code __consumer_offsets} on the first FindCoordinator
     */
    public static List<ApiHandler> create(
            GroupCoordinator coordinator, OffsetsTopicLeaders leaders, InternalTopicCreator topicCreator) {
        return List.of(
                new FindCoordinatorHandler(coordinator, leaders, topicCreator),
                new JoinGroupHandler(coordinator),
                new SyncGroupHandler(coordinator),
                new HeartbeatHandler(coordinator),
                new LeaveGroupHandler(coordinator),
                new OffsetCommitHandler(coordinator),
                new OffsetFetchHandler(coordinator),
                new OffsetDeleteHandler(coordinator),
                new ListGroupsHandler(coordinator),
                new DescribeGroupsHandler(coordinator),
                new DeleteGroupsHandler(coordinator),
                new ConsumerGroupHeartbeatHandler(coordinator),
                new ConsumerGroupDescribeHandler(coordinator));
    }
}
