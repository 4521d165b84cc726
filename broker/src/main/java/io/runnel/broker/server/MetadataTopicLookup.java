package io.runnel.broker.server;

import java.util.Optional;
import java.util.OptionalInt;

import io.runnel.broker.api.TopicIds;
import io.runnel.broker.group.TopicMetadataLookup;
import io.runnel.broker.metadata.MetadataView;
import io.runnel.broker.metadata.TopicAssignment;
import org.apache.kafka.common.Uuid;

/** Topic partition counts and ids for the group coordinator, from the metadata view. */
public final class MetadataTopicLookup implements TopicMetadataLookup {

    private final MetadataView view;
    private final TopicIds topicIds;

    public MetadataTopicLookup(MetadataView view, TopicIds topicIds) {
        this.view = view;
        this.topicIds = topicIds;
    }

    @Override
    public OptionalInt partitionCount(String topic) {
        Optional<TopicAssignment> assignment = view.current().topic(topic);
        return assignment.isPresent() ? OptionalInt.of(assignment.get().partitionCount()) : OptionalInt.empty();
    }

    @Override
    public Optional<Uuid> topicId(String topic) {
        return topicIds.idOf(topic);
    }

    @Override
    public Optional<String> topicName(Uuid topicId) {
        return topicIds.nameOf(topicId);
    }
}
