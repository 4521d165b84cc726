package io.runnel.broker.zk;

import java.util.List;

import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's ZooKeeper layout (kafka.zk.ZkData in Kafka 2.x/3.x). Runnel reads and writes exactly these paths so
 * Kafka tooling that speaks ZooKeeper (and a Kafka broker pointed at the same chroot) sees a familiar cluster.
 *
 * <pre>
 * /cluster/id                                      cluster id                        {@link ClusterIdZNode}
 * /controller                          EPHEMERAL   active controller                 {@link ControllerZNode}
 * /controller_epoch                                controller epoch, plain integer   {@link ControllerEpochZNode}
 * /brokers/ids/&lt;id&gt;                     EPHEMERAL   broker registration               {@link BrokerIdZNode}
 * /brokers/topics/&lt;topic&gt;                        replica assignment, topic id      {@link TopicZNode}
 * /brokers/topics/&lt;topic&gt;/partitions/&lt;p&gt;/state  leader, epoch, ISR          {@link PartitionStateZNode}
 * /brokers/seqid                                   (its version is the broker id sequence)
 * /config/topics/&lt;topic&gt;                         topic config overrides            {@link ConfigEntityZNode}
 * /config/brokers/&lt;id&gt; | /config/brokers/&lt;default&gt;   dynamic broker configs     {@link ConfigEntityZNode}
 * /config/changes/config_change_&lt;seq&gt;   SEQUENTIAL  config change notifications   {@link ConfigChangeNotificationZNode}
 * /admin/delete_topics/&lt;topic&gt;                   topic deletion requests (no data)
 * /isr_change_notification                         (container for ISR change notifications)
 * /latest_producer_id_block                        last allocated producer id block  {@link ProducerIdBlockZNode}
 * /consumers, /config/clients, /config/users, /config/ips, /log_dir_event_notification   (created, unused)
 * </pre>
 */
public final class ZkPaths {

    public static final String CLUSTER = "/cluster";
    public static final String BROKERS = "/brokers";
    public static final String BROKER_IDS = BROKERS + "/ids";
    public static final String TOPICS = BROKERS + "/topics";
    public static final String BROKER_SEQUENCE_ID = BROKERS + "/seqid";
    public static final String CONFIG = "/config";
    public static final String CONFIG_TOPICS = CONFIG + "/topics";
    public static final String CONFIG_BROKERS = CONFIG + "/brokers";
    public static final String CONFIG_CHANGES = CONFIG + "/changes";
    public static final String ADMIN = "/admin";
    public static final String DELETE_TOPICS = ADMIN + "/delete_topics";
    public static final String ISR_CHANGE_NOTIFICATION = "/isr_change_notification";

    /** The persistent paths every broker creates on start, as Kafka's KafkaZkClient.createTopLevelPaths. */
    public static final List<String> PERSISTENT_PATHS = List.of(
            "/consumers",
            CLUSTER,
            BROKER_IDS,
            TOPICS,
            BROKER_SEQUENCE_ID,
            CONFIG_TOPICS,
            CONFIG_BROKERS,
            CONFIG + "/clients",
            CONFIG + "/users",
            CONFIG + "/ips",
            CONFIG_CHANGES,
            DELETE_TOPICS,
            ISR_CHANGE_NOTIFICATION,
            "/log_dir_event_notification",
            ProducerIdBlockZNode.PATH);

    private ZkPaths() {}

    public static String topic(String topic) {
        return TOPICS + "/" + topic;
    }

    public static String partitions(String topic) {
        return topic(topic) + "/partitions";
    }

    public static String partition(TopicPartition partition) {
        return partitions(partition.topic()) + "/" + partition.partition();
    }

    public static String broker(int brokerId) {
        return BROKER_IDS + "/" + brokerId;
    }

    public static String topicConfig(String topic) {
        return CONFIG_TOPICS + "/" + topic;
    }

    public static String brokerConfig(String entity) {
        return CONFIG_BROKERS + "/" + entity;
    }

    public static String deleteTopic(String topic) {
        return DELETE_TOPICS + "/" + topic;
    }
}
