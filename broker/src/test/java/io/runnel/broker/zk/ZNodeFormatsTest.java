package io.runnel.broker.zk;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runnel.broker.config.Endpoint;
import io.runnel.broker.metadata.LiveBroker;
import io.runnel.broker.metadata.PartitionState;
import io.runnel.broker.metadata.ProducerIdBlock;
import io.runnel.broker.metadata.TopicAssignment;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every znode codec against JSON as Kafka 2.x/3.x writes it (decoding) and against the field names and JSON types
 * Kafka's parsers expect (encoding).
 */
class ZNodeFormatsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(byte[] data) throws Exception {
        return JSON.readTree(data);
    }

    @Nested
    class BrokerRegistration {

        @Test
        void decodesKafkaVersion5Registration() {
            byte[] kafka = bytes("{\"features\":{},\"listener_security_protocol_map\":{\"PLAINTEXT\":\"PLAINTEXT\"},"
                    + "\"endpoints\":[\"PLAINTEXT://kafka1:9092\"],\"jmx_port\":-1,\"port\":9092,\"host\":\"kafka1\","
                    + "\"version\":5,\"timestamp\":\"1622136700000\"}");

            LiveBroker broker = BrokerIdZNode.decode(1, kafka);

            assertThat(broker)
                    .isEqualTo(new LiveBroker(
                            1,
                            List.of(new Endpoint("PLAINTEXT", "kafka1", 9092, SecurityProtocol.PLAINTEXT)),
                            Optional.empty()));
        }

        @Test
        void decodesNamedListenersIpv6AndRack() {
            byte[] kafka = bytes(
                    "{\"listener_security_protocol_map\":{\"INTERNAL\":\"PLAINTEXT\",\"EXTERNAL\":\"SSL\"},"
                            + "\"endpoints\":[\"INTERNAL://10.0.0.1:9092\",\"EXTERNAL://[::1]:9093\"],\"rack\":\"dc1\","
                            + "\"jmx_port\":9999,\"host\":\"10.0.0.1\",\"timestamp\":\"1\",\"port\":9092,\"version\":4}");

            LiveBroker broker = BrokerIdZNode.decode(2, kafka);

            assertThat(broker.endpoints())
                    .containsExactly(
                            new Endpoint("INTERNAL", "10.0.0.1", 9092, SecurityProtocol.PLAINTEXT),
                            new Endpoint("EXTERNAL", "::1", 9093, SecurityProtocol.SSL));
            assertThat(broker.rack()).contains("dc1");
        }

        @Test
        void decodesVersion1HostAndPort() {
            LiveBroker broker = BrokerIdZNode.decode(
                    0,
                    bytes("{\"version\":1,\"host\":\"localhost\",\"port\":9092,\"jmx_port\":9999,"
                            + "\"timestamp\":\"2233345666\"}"));

            assertThat(broker.host()).isEqualTo("localhost");
            assertThat(broker.port()).isEqualTo(9092);
        }

        @Test
        void encodesKafkaVersion5Fields() throws Exception {
            LiveBroker broker = new LiveBroker(
                    3, List.of(new Endpoint("PLAINTEXT", "h", 9094, SecurityProtocol.PLAINTEXT)), Optional.of("r1"));

            JsonNode node = json(BrokerIdZNode.encode(broker, 1700000000000L));

            assertThat(node.get("version").isInt()).isTrue();
            assertThat(node.get("version").intValue()).isEqualTo(5);
            assertThat(node.get("host").textValue()).isEqualTo("h");
            assertThat(node.get("port").intValue()).isEqualTo(9094);
            assertThat(node.get("jmx_port").intValue()).isEqualTo(-1);
            assertThat(node.get("timestamp").textValue()).isEqualTo("1700000000000");
            assertThat(node.get("endpoints").get(0).textValue()).isEqualTo("PLAINTEXT://h:9094");
            assertThat(node.get("listener_security_protocol_map")
                            .get("PLAINTEXT")
                            .textValue())
                    .isEqualTo("PLAINTEXT");
            assertThat(node.get("features").isObject()).isTrue();
            assertThat(node.get("rack").textValue()).isEqualTo("r1");
            assertThat(BrokerIdZNode.decode(3, BrokerIdZNode.encode(broker, 1L)))
                    .isEqualTo(broker);
        }

        @Test
        void rejectsGarbageWithThePath() {
            assertThatThrownBy(() -> BrokerIdZNode.decode(7, bytes("not json")))
                    .isInstanceOf(ZNodeFormatException.class)
                    .hasMessageContaining("/brokers/ids/7");
        }
    }

    @Nested
    class Topics {

        @Test
        void decodesKafkaTopicWithTopicId() {
            Uuid id = Uuid.randomUuid();
            byte[] kafka = bytes("{\"version\":3,\"partitions\":{\"1\":[2,1],\"0\":[1,2]},\"adding_replicas\":{},"
                    + "\"removing_replicas\":{},\"topic_id\":\"" + id + "\"}");

            TopicAssignment topic = TopicZNode.decode("orders", kafka);

            assertThat(topic.topicId()).isEqualTo(id);
            assertThat(topic.replicas()).isEqualTo(Map.of(0, List.of(1, 2), 1, List.of(2, 1)));
        }

        @Test
        void decodesPreTopicIdTopicWithZeroId() {
            TopicAssignment topic = TopicZNode.decode("old", bytes("{\"version\":1,\"partitions\":{\"0\":[0]}}"));

            assertThat(topic.topicId()).isEqualTo(Uuid.ZERO_UUID);
            assertThat(topic.replicas()).isEqualTo(Map.of(0, List.of(0)));
        }

        @Test
        void encodesVersion3WithStringPartitionKeys() throws Exception {
            TopicAssignment topic = TopicAssignment.of("t", Uuid.randomUuid(), Map.of(0, List.of(1), 1, List.of(1)));

            JsonNode node = json(TopicZNode.encode(topic));

            assertThat(node.get("version").intValue()).isEqualTo(3);
            assertThat(node.get("topic_id").textValue())
                    .isEqualTo(topic.topicId().toString());
            assertThat(node.get("partitions").get("1").get(0).intValue()).isEqualTo(1);
            assertThat(node.get("adding_replicas").isObject()).isTrue();
            assertThat(node.get("removing_replicas").isObject()).isTrue();
        }

        @Test
        void decodesKafkaPartitionStateIgnoringNewerFields() {
            TopicPartition tp = new TopicPartition("t", 0);
            byte[] kafka = bytes("{\"controller_epoch\":3,\"leader\":1,\"version\":1,\"leader_epoch\":7,"
                    + "\"isr\":[1,2],\"leader_recovery_state\":0}");

            assertThat(PartitionStateZNode.decode(tp, kafka)).isEqualTo(new PartitionState(1, 7, List.of(1, 2), 3));
        }

        @Test
        void encodesPartitionStateWithIntegerFields() throws Exception {
            JsonNode node = json(PartitionStateZNode.encode(new PartitionState(2, 4, List.of(2, 3), 9)));

            assertThat(node.get("version").intValue()).isEqualTo(1);
            assertThat(node.get("leader").isInt()).isTrue();
            assertThat(node.get("leader").intValue()).isEqualTo(2);
            assertThat(node.get("leader_epoch").intValue()).isEqualTo(4);
            assertThat(node.get("controller_epoch").intValue()).isEqualTo(9);
            assertThat(node.get("isr").get(1).intValue()).isEqualTo(3);
        }

        @Test
        void partitionStatePathFollowsKafkaLayout() {
            assertThat(PartitionStateZNode.path(new TopicPartition("t", 3)))
                    .isEqualTo("/brokers/topics/t/partitions/3/state");
        }
    }

    @Nested
    class Configs {

        @Test
        void decodesKafkaConfigEntity() {
            assertThat(ConfigEntityZNode.decode(
                            "/config/topics/t", bytes("{\"version\":1,\"config\":{\"retention.ms\":\"1000\"}}")))
                    .isEqualTo(Map.of("retention.ms", "1000"));
        }

        @Test
        void encodesValuesAsJsonStrings() throws Exception {
            JsonNode node = json(ConfigEntityZNode.encode(Map.of("segment.bytes", "1024")));

            assertThat(node.get("version").intValue()).isEqualTo(1);
            assertThat(node.get("config").get("segment.bytes").isTextual()).isTrue();
        }

        @Test
        void encodesChangeNotificationVersion2() throws Exception {
            JsonNode node = json(ConfigChangeNotificationZNode.encode("brokers", "<default>"));

            assertThat(node.get("version").intValue()).isEqualTo(2);
            assertThat(node.get("entity_path").textValue()).isEqualTo("brokers/<default>");
        }
    }

    @Nested
    class ClusterAndController {

        @Test
        void decodesKafkaControllerOfBothVersions() {
            assertThat(ControllerZNode.decode(bytes("{\"version\":1,\"brokerid\":1,\"timestamp\":\"1622136700000\"}")))
                    .isEqualTo(1);
            assertThat(ControllerZNode.decode(
                            bytes("{\"version\":2,\"brokerid\":2,\"timestamp\":\"1\",\"kraftControllerEpoch\":-1}")))
                    .isEqualTo(2);
        }

        @Test
        void encodesControllerWithStringTimestamp() throws Exception {
            JsonNode node = json(ControllerZNode.encode(4, 123L));

            assertThat(node.get("brokerid").intValue()).isEqualTo(4);
            assertThat(node.get("timestamp").textValue()).isEqualTo("123");
            assertThat(node.get("version").isInt()).isTrue();
            assertThat(node.has("kraftControllerEpoch")).isFalse();
        }

        @Test
        void controllerEpochIsAPlainInteger() {
            assertThat(new String(ControllerEpochZNode.encode(12), StandardCharsets.UTF_8))
                    .isEqualTo("12");
            assertThat(ControllerEpochZNode.decode(bytes("5"))).isEqualTo(5);
        }

        @Test
        void clusterIdHasStringVersion() throws Exception {
            assertThat(ClusterIdZNode.decode(bytes("{\"version\":\"1\",\"id\":\"Xs3dyXk2RQiO6qZnJw8MZw\"}")))
                    .isEqualTo("Xs3dyXk2RQiO6qZnJw8MZw");
            JsonNode node = json(ClusterIdZNode.encode("abc"));
            assertThat(node.get("version").textValue()).isEqualTo("1");
            assertThat(node.get("id").textValue()).isEqualTo("abc");
        }

        @Test
        void producerIdBlockUsesStringBounds() throws Exception {
            assertThat(ProducerIdBlockZNode.decode(
                            bytes("{\"version\":1,\"broker\":1,\"block_start\":\"1000\",\"block_end\":\"1999\"}")))
                    .isEqualTo(new ProducerIdBlock(1, 1000, 1999));
            JsonNode node = json(ProducerIdBlockZNode.encode(new ProducerIdBlock(2, 0, 999)));
            assertThat(node.get("version").intValue()).isEqualTo(1);
            assertThat(node.get("broker").intValue()).isEqualTo(2);
            assertThat(node.get("block_start").textValue()).isEqualTo("0");
            assertThat(node.get("block_end").textValue()).isEqualTo("999");
        }
    }
}
