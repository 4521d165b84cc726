package io.runnel.broker.config;

/**
 * Whether and where a broker config may change while the broker runs, as Kafka's broker config docs' "Update
 * Mode" column says.
 */
public enum ConfigUpdateMode {
    /** Needs a restart: only the properties file and {@code --override} set it. */
    READ_ONLY("read-only"),
    /** May be changed at runtime for one broker only (e.g. its listeners), never as a cluster-wide default. */
    PER_BROKER("per-broker"),
    /** May be changed at runtime per broker or as a cluster-wide default. */
    CLUSTER_WIDE("cluster-wide");

    private final String kafkaName;

    ConfigUpdateMode(String kafkaName) {
        this.kafkaName = kafkaName;
    }

    /** The name Kafka's documentation uses for this mode. */
    public String kafkaName() {
        return kafkaName;
    }
}
