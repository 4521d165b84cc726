package io.runnel.broker.metadata;

/** Names used under {@code /config/brokers}: a broker id, or the cluster-wide default entity. */
public final class ConfigEntity {

    /** Kafka's entity name for dynamic broker configs that apply to every broker. */
    public static final String DEFAULT_BROKER = "<default>";

    private ConfigEntity() {}
}
