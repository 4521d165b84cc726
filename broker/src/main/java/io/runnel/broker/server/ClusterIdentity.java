package io.runnel.broker.server;

/**
 * Where the cluster's identity lives: in Kafka's ZooKeeper mode, {@code /cluster/id} and the {@code
 * /brokers/seqid} sequence. The ZooKeeper metadata component implements it; the {@link Broker} asks it once at
 * start-up, before any component starts, and checks the answers against the log dirs' {@code meta.properties}.
 */
public interface ClusterIdentity extends AutoCloseable {

    /** The cluster's id, created (a random base64 UUID, as Kafka) if the cluster has none yet. */
    String getOrCreateClusterId() throws Exception;

    /** A new broker id above {@code reserved.broker.max.id}, unique in the cluster. */
    int generateBrokerId() throws Exception;

    /** Releases what the identity lookup holds (e.g. its ZooKeeper session); called when the broker stops. */
    @Override
    void close() throws Exception;
}
