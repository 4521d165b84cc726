package io.runnel.broker.server;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.runnel.broker.api.TopicIds;
import io.runnel.broker.metadata.ClusterMetadata;
import io.runnel.broker.metadata.MetadataView;
import io.runnel.broker.metadata.TopicAssignment;
import org.apache.kafka.common.Uuid;

/**
 * Topic ids as the metadata view knows them. Produce and Fetch resolve an id per topic per request, so the id
 * index of the latest snapshot is kept rather than scanning every topic; it is rebuilt once per new snapshot.
 */
public final class MetadataTopicIds implements TopicIds {

    private record Index(ClusterMetadata snapshot, Map<Uuid, String> names) {}

    private final MetadataView view;
    private volatile Index index = new Index(null, Map.of());

    public MetadataTopicIds(MetadataView view) {
        this.view = view;
    }

    @Override
    public Optional<Uuid> idOf(String topic) {
        return view.current().topic(topic).map(TopicAssignment::topicId);
    }

    @Override
    public Optional<String> nameOf(Uuid topicId) {
        return Optional.ofNullable(index().names().get(topicId));
    }

    private Index index() {
        ClusterMetadata snapshot = view.current();
        Index current = index;
        if (current.snapshot() == snapshot) {
            return current;
        }
        var names = new HashMap<Uuid, String>();
        snapshot.topics().values().forEach(topic -> names.put(topic.topicId(), topic.name()));
        // A racing thread may build the same index; either result is correct for its snapshot.
        Index rebuilt = new Index(snapshot, Map.copyOf(names));
        index = rebuilt;
        return rebuilt;
    }
}
