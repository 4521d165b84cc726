package io.runnel.broker.network;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.runnel.broker.api.FakeHandler;
import org.apache.kafka.clients.ApiVersions;
import org.apache.kafka.clients.BootstrapConfiguration;
import org.apache.kafka.clients.ClientRequest;
import org.apache.kafka.clients.ClientResponse;
import org.apache.kafka.clients.ManualMetadataUpdater;
import org.apache.kafka.clients.MetadataRecoveryStrategy;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.clients.NetworkClientUtils;
import org.apache.kafka.clients.NodeApiVersions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.network.PlaintextChannelBuilder;
import org.apache.kafka.common.network.Selector;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.HeartbeatResponse;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.LogContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** kafka-clients' own NetworkClient, as the producer, consumer and admin client use it, talks to the server. */
class JavaNetworkClientTest {

    private final TestBroker broker = new TestBroker(List.of(new FakeHandler(
            ApiKeys.HEARTBEAT,
            2,
            4,
            r -> CompletableFuture.completedFuture(new HeartbeatResponse(new HeartbeatResponseData())))));
    private final Metrics metrics = new Metrics();
    private NetworkClient client;

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        metrics.close();
        broker.close();
    }

    @Test
    void negotiatesVersionsAndExchangesRequests() throws Exception {
        PlaintextChannelBuilder channels = new PlaintextChannelBuilder(ListenerName.normalised("PLAINTEXT"));
        channels.configure(Map.of());
        LogContext logContext = new LogContext();
        Selector selector = new Selector(60_000, metrics, Time.SYSTEM, "test", channels, logContext);
        ApiVersions apiVersions = new ApiVersions();
        Node node = new Node(0, "127.0.0.1", broker.server.boundPort());
        client = new NetworkClient(
                selector,
                new ManualMetadataUpdater(List.of(node)),
                "java-client",
                5,
                50,
                1000,
                64 * 1024,
                64 * 1024,
                5000,
                5000,
                5000,
                Time.SYSTEM,
                true,
                apiVersions,
                logContext,
                MetadataRecoveryStrategy.NONE,
                BootstrapConfiguration.DISABLED,
                false);

        assertThat(NetworkClientUtils.awaitReady(client, node, Time.SYSTEM, 5000))
                .isTrue();
        NodeApiVersions negotiated = apiVersions.get(node.idString());
        assertThat(negotiated.apiVersion(ApiKeys.HEARTBEAT).maxVersion()).isEqualTo((short) 4);
        assertThat(negotiated.apiVersion(ApiKeys.API_VERSIONS)).isNotNull();
        assertThat(negotiated.allSupportedApiVersions()).hasSize(2);

        ClientRequest request = client.newClientRequest(
                node.idString(),
                new HeartbeatRequest.Builder(new HeartbeatRequestData().setGroupId("g")),
                Time.SYSTEM.milliseconds(),
                true);
        ClientResponse response = NetworkClientUtils.sendAndReceive(client, request, Time.SYSTEM);

        assertThat(response.requestHeader().apiVersion()).isEqualTo((short) 4);
        assertThat(((HeartbeatResponse) response.responseBody()).error()).isEqualTo(Errors.NONE);
    }
}
