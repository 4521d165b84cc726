package io.runnel.broker.api.group;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.group.CoordinatorHarness;
import io.runnel.broker.group.InternalTopicCreator;
import io.runnel.broker.group.OffsetsTopic;
import io.runnel.broker.group.OffsetsTopicLeaders;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.network.ClientInformation;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.FindCoordinatorResponse;
import org.apache.kafka.common.requests.RequestContext;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FindCoordinatorHandlerTest {

    private final CoordinatorHarness h = new CoordinatorHarness();
    private final List<String> created = new ArrayList<>();
    private boolean topicExists = true;
    private final OffsetsTopicLeaders leaders = new OffsetsTopicLeaders() {
        @Override
        public boolean offsetsTopicExists() {
            return topicExists;
        }

        @Override
        public Optional<Node> leader(int partition, ListenerName listener) {
            return Optional.of(new Node(7, "broker-7", 9092));
        }
    };
    private final InternalTopicCreator creator = new InternalTopicCreator() {
        @Override
        public void createIfAbsent(String topic, int numPartitions, short rf, Map<String, String> configs) {
            created.add(topic + "/" + numPartitions + "/" + configs.get("cleanup.policy"));
        }
    };
    private final FindCoordinatorHandler handler = new FindCoordinatorHandler(h.coordinator, leaders, creator);

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3})
    void singleKeyVersionsAnswerWithTheLeaderAtTopLevel(short version) {
        FindCoordinatorResponseData response = find(version, "group-a").data();

        assertThat(Errors.forCode(response.errorCode())).isEqualTo(Errors.NONE);
        assertThat(response.nodeId()).isEqualTo(7);
        assertThat(response.host()).isEqualTo("broker-7");
        assertThat(response.port()).isEqualTo(9092);
    }

    @ParameterizedTest
    @ValueSource(shorts = {4, 5, 6})
    void batchedVersionsAnswerEveryKey(short version) {
        FindCoordinatorResponseData response =
                find(version, "group-a", "group-b").data();

        assertThat(response.coordinators())
                .extracting(FindCoordinatorResponseData.Coordinator::key)
                .containsExactly("group-a", "group-b");
        assertThat(response.coordinators())
                .allSatisfy(c -> assertThat(c.nodeId()).isEqualTo(7));
    }

    @Test
    void firstLookupCreatesTheOffsetsTopicAndAsksToRetry() {
        topicExists = false;

        FindCoordinatorResponseData response = find((short) 4, "group-a").data();

        assertThat(Errors.forCode(response.coordinators().get(0).errorCode()))
                .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
        assertThat(created).containsExactly(OffsetsTopic.NAME + "/1/compact");
    }

    @Test
    void transactionCoordinatorIsNotAvailableYet() {
        FindCoordinatorRequestData data = new FindCoordinatorRequestData()
                .setKeyType(FindCoordinatorRequest.CoordinatorType.TRANSACTION.id())
                .setCoordinatorKeys(List.of("txn"));

        FindCoordinatorResponse response = handle((short) 4, data);

        assertThat(Errors.forCode(response.data().coordinators().get(0).errorCode()))
                .isEqualTo(Errors.COORDINATOR_NOT_AVAILABLE);
    }

    @Test
    void groupPartitionUsesKafkasNonNegativeHash() {
        // "polygenelubricants".hashCode() == Integer.MIN_VALUE: Math.abs would stay negative.
        assertThat("polygenelubricants".hashCode()).isEqualTo(Integer.MIN_VALUE);
        assertThat(OffsetsTopic.partitionFor("polygenelubricants", 50)).isEqualTo(0);
        // Negative hash codes: "zzzzzzzzzz" (and others) must match Kafka's Utils.abs, not hashCode & 0x7fffffff.
        assertThat("zzzzzzzzzz".hashCode()).isNegative();
        for (String group : List.of("console-consumer-12345", "my-group", "zzzzzzzzzz", "group-1")) {
            assertThat(OffsetsTopic.partitionFor(group, 50))
                    .isEqualTo(org.apache.kafka.common.utils.Utils.abs(group.hashCode()) % 50);
        }
    }

    private FindCoordinatorResponse find(short version, String... keys) {
        FindCoordinatorRequestData data =
                new FindCoordinatorRequestData().setKeyType(FindCoordinatorRequest.CoordinatorType.GROUP.id());
        if (version >= 4) {
            data.setCoordinatorKeys(List.of(keys));
        } else {
            data.setKey(keys[0]);
        }
        return handle(version, data);
    }

    private FindCoordinatorResponse handle(short version, FindCoordinatorRequestData data) {
        FindCoordinatorRequest request = new FindCoordinatorRequest.Builder(data).build(version);
        RequestContext context = new RequestContext(
                new RequestHeader(ApiKeys.FIND_COORDINATOR, version, "client", 1),
                "conn",
                InetAddress.getLoopbackAddress(),
                KafkaPrincipal.ANONYMOUS,
                ListenerName.normalised("PLAINTEXT"),
                SecurityProtocol.PLAINTEXT,
                ClientInformation.EMPTY,
                false);
        return (FindCoordinatorResponse)
                handler.handle(new ApiRequest(context, request, 0)).join();
    }
}
