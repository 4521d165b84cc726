package io.runnel.broker.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's current effective configuration: the static config under the dynamic broker configs stored in
 * ZooKeeper, the cluster-wide default ({@code /config/brokers/<default>}) and this broker's own entry ({@code
 * /config/brokers/<id>}). The metadata view feeds it ({@link #update}) whenever either entry changes; registered
 * reconfigurables are then told the new config, e.g. to push new {@link BrokerConfig#topicDefaults()} into the
 * logs.
 *
 * <p>As in Kafka, what is stored in ZooKeeper never stops the broker: an entry for a config Runnel does not define
 * is kept out (Kafka stores custom configs for plugins), an entry for a read-only config or a per-broker-only config
 * in the cluster default is ignored with a warning, and a set that does not validate leaves the previous config in
 * effect with an error logged. Another broker validated the entries before writing them, so this only happens with
 * a different broker version or a hand-edited znode.
 *
 * <p>Thread-safe: {@link #current()} may be read from any thread; updates are serialized and reconfigurables are
 * called on the updating thread, in registration order.
 */
public final class DynamicBrokerConfig {

    private static final Logger log = LoggerFactory.getLogger(DynamicBrokerConfig.class);

    private final BrokerConfig staticConfig;
    private final List<Consumer<BrokerConfig>> reconfigurables = new CopyOnWriteArrayList<>();
    private volatile BrokerConfig current;

    public DynamicBrokerConfig(BrokerConfig staticConfig) {
        if (!staticConfig.dynamicClusterDefaults().isEmpty()
                || !staticConfig.dynamicPerBroker().isEmpty()) {
            throw new IllegalArgumentException("the static config must have no dynamic layers");
        }
        this.staticConfig = staticConfig;
        this.current = staticConfig;
    }

    /** The properties file with {@code --override}s: the only source of read-only configs. */
    public BrokerConfig staticConfig() {
        return staticConfig;
    }

    /** The effective config now; its {@link BrokerConfig#source} tells which layer each value comes from. */
    public BrokerConfig current() {
        return current;
    }

    /**
     * Calls {@code reconfigurable} with every new effective config from now on (not with the current one). A
     * reconfigurable must not block; an exception it throws is logged and the others still run.
     */
    public void addReconfigurable(Consumer<BrokerConfig> reconfigurable) {
        reconfigurables.add(Objects.requireNonNull(reconfigurable));
    }

    public void removeReconfigurable(Consumer<BrokerConfig> reconfigurable) {
        reconfigurables.remove(reconfigurable);
    }

    /**
     * Applies the dynamic broker configs now stored in ZooKeeper, each the complete entry: the cluster-wide
     * default and this broker's own. Reconfigurables are called when the effective layers changed.
     */
    public synchronized void update(Map<String, String> clusterDefaults, Map<String, String> perBroker) {
        Map<String, String> defaults = usable(clusterDefaults, true);
        Map<String, String> own = usable(perBroker, false);
        BrokerConfig previous = current;
        if (defaults.equals(previous.dynamicClusterDefaults()) && own.equals(previous.dynamicPerBroker())) {
            return;
        }
        BrokerConfig next;
        try {
            next = staticConfig.withDynamicConfig(defaults, own);
        } catch (ConfigException e) {
            log.error(
                    "Ignoring dynamic broker configs (cluster default {}, this broker {}) that do not validate;"
                            + " keeping the previous ones: {}",
                    clusterDefaults,
                    perBroker,
                    e.getMessage());
            return;
        }
        current = next;
        log.info("Dynamic broker configs now in effect: cluster default {}, this broker {}", defaults, own);
        for (Consumer<BrokerConfig> reconfigurable : reconfigurables) {
            try {
                reconfigurable.accept(next);
            } catch (RuntimeException e) {
                log.error("Reconfiguration with the new broker config failed in {}", reconfigurable, e);
            }
        }
    }

    /**
     * Checks an entry about to be stored for the cluster default ({@code clusterDefault}) or this broker against the
     * current config, as AlterConfigs must: no read-only config, no per-broker-only config in the cluster default,
     * every value valid, and the resulting config (topic defaults included) valid. Custom names pass.
     *
     * @param entry the complete new entry
     * @throws ConfigException naming the offending configs
     */
    public void validate(Map<String, String> entry, boolean clusterDefault) {
        BrokerConfig.checkUpdatable(entry.keySet(), clusterDefault);
        Map<String, String> known = defined(entry);
        BrokerConfig now = current;
        if (clusterDefault) {
            staticConfig.withDynamicConfig(known, now.dynamicPerBroker());
        } else {
            staticConfig.withDynamicConfig(now.dynamicClusterDefaults(), known);
        }
    }

    private static Map<String, String> usable(Map<String, String> stored, boolean clusterDefault) {
        Map<String, String> usable = defined(stored);
        usable.keySet().removeIf(name -> {
            ConfigUpdateMode mode = BrokerConfig.updateMode(name);
            boolean ignored =
                    mode == ConfigUpdateMode.READ_ONLY || (clusterDefault && mode == ConfigUpdateMode.PER_BROKER);
            if (ignored) {
                log.warn(
                        "Ignoring dynamic broker config {}={} in the {}: it cannot be updated dynamically there",
                        name,
                        stored.get(name),
                        clusterDefault ? "cluster default" : "broker's entry");
            }
            return ignored;
        });
        return usable;
    }

    /** The entries Runnel defines; custom ones are for plugins Runnel does not have. */
    private static Map<String, String> defined(Map<String, String> entry) {
        Map<String, String> defined = new LinkedHashMap<>(entry);
        defined.keySet().retainAll(BrokerConfig.names());
        return defined;
    }
}
