package io.runnel.broker.network;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkConfigTest {

    @Test
    void takesKafkasDefaultsForAbsentKeys() {
        NetworkConfig config = NetworkConfig.fromProperties(Map.of());

        assertThat(config.listeners()).containsExactly(new Listener("PLAINTEXT", "", 9092));
        assertThat(config.socketRequestMaxBytes()).isEqualTo(104_857_600);
        assertThat(config.connectionsMaxIdleMs()).isEqualTo(600_000L);
        assertThat(config.maxConnections()).isEqualTo(Integer.MAX_VALUE);
        assertThat(config.numNetworkThreads()).isEqualTo(3);
    }

    @Test
    void readsKafkaConfigKeys() {
        NetworkConfig config = NetworkConfig.fromProperties(Map.of(
                "listeners", "PLAINTEXT://localhost:9092, internal://[::1]:0",
                "socket.request.max.bytes", "1024",
                "connections.max.idle.ms", "5000",
                "max.connections", "10",
                "num.network.threads", "2"));

        assertThat(config.listeners())
                .containsExactly(new Listener("PLAINTEXT", "localhost", 9092), new Listener("INTERNAL", "::1", 0));
        assertThat(config.socketRequestMaxBytes()).isEqualTo(1024);
        assertThat(config.connectionsMaxIdleMs()).isEqualTo(5000L);
        assertThat(config.maxConnections()).isEqualTo(10);
        assertThat(config.numNetworkThreads()).isEqualTo(2);
    }

    @Test
    void rejectsAListenerWithoutPort() {
        assertThatThrownBy(() -> Listener.parse("PLAINTEXT://localhost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PLAINTEXT://localhost");
    }

    @Test
    void rejectsDuplicateListenerNames() {
        assertThatThrownBy(() -> NetworkConfig.fromProperties(Map.of("listeners", "PLAINTEXT://:1,PLAINTEXT://:2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unique");
    }

    @Test
    void rejectsNonPositiveLimits() {
        assertThatThrownBy(
                        () -> NetworkConfig.defaults(Listener.plaintext("", 0)).withMaxConnections(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max.connections");
    }
}
