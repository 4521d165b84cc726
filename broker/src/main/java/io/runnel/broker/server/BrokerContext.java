package io.runnel.broker.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.runnel.broker.config.BrokerConfig;
import org.apache.kafka.common.utils.Time;

/**
 * What components are built from once the broker knows who it is.
 *
 * @param brokerId the resolved id: configured, stored in meta.properties, or generated
 * @param clusterId empty only when no {@link ClusterIdentity} is wired and the log dirs recorded none
 * @param logDirs the locked log dirs, absolute, in configured order
 */
public record BrokerContext(
        BrokerConfig config, int brokerId, Optional<String> clusterId, List<Path> logDirs, Time time) {}
