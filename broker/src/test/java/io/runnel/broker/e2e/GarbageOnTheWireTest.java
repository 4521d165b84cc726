package io.runnel.broker.e2e;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ApiVersionsResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.runnel.broker.e2e.RunnelBrokerExtension.TIMEOUT;
import static io.runnel.broker.e2e.RunnelBrokerExtension.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken input on a raw socket against the whole broker (the network layer's own tests use a fake
 * handler): each case gets Kafka's answer (the connection closed, or an error response) and leaves the broker
 * serving the Java clients.
 */
class GarbageOnTheWireTest {

    private static final int SOCKET_TIMEOUT_MS = 5_000;

    @RegisterExtension
    static final RunnelBrokerExtension broker = new RunnelBrokerExtension();

    private static String healthTopic;

    @BeforeAll
    static void createHealthTopic() throws Exception {
        healthTopic = uniqueTopic("health");
        broker.createTopic(healthTopic, 1, Map.of());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void randomBytesEndInTheBrokerClosingTheConnection(long seed) throws Exception {
        // given 64 KiB of random bytes
        byte[] garbage = new byte[64 * 1024];
        new Random(seed).nextBytes(garbage);

        // when they are sent and the client stops writing
        try (var connection = RawConnection.open()) {
            connection.write(garbage);
            connection.shutdownOutput();

            // then the broker closes the connection without an answer
            connection.assertClosedByBrokerWithoutAnswer();
        }
        assertBrokerServesJavaClients();
    }

    @ParameterizedTest(name = "size prefix {0}")
    @ValueSource(ints = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 200 * 1024 * 1024})
    void outOfRangeSizePrefixClosesTheConnectionAtOnce(int sizePrefix) throws Exception {
        // given a size prefix of 2 GiB, a negative one, or one above socket.request.max.bytes (100 MiB)
        try (var connection = RawConnection.open()) {
            // when it is sent with a few bytes after it, the client keeping the connection open
            connection.write(
                    ByteBuffer.allocate(12).putInt(sizePrefix).putLong(42).array());

            // then the broker closes the connection without buffering toward that size
            connection.assertClosedByBrokerWithoutAnswer();
        }
        assertBrokerServesJavaClients();
    }

    @ParameterizedTest(name = "cut after {0} bytes")
    @ValueSource(ints = {1, 4, 5, 20})
    void truncatedFrameThenDisconnectLeavesTheBrokerServing(int cut) throws Exception {
        // given a valid Metadata request frame
        byte[] frame = frame(
                new RequestHeader(ApiKeys.METADATA, (short) 12, "truncating-client", 1),
                new MetadataRequest.Builder(new MetadataRequestData().setTopics(null)).build((short) 12));

        // when only its first bytes are sent before the client resets the connection
        try (var connection = RawConnection.open()) {
            connection.write(java.util.Arrays.copyOf(frame, Math.min(cut, frame.length - 1)));
            connection.reset();
        }

        // then
        assertBrokerServesJavaClients();
    }

    @Test
    void unknownApiKeyClosesTheConnection() throws Exception {
        // given a well-formed v1 request header whose API key is not a Kafka API
        ByteBuffer body = ByteBuffer.allocate(2 + 2 + 4 + 2 + 1);
        body.putShort((short) 9_999)
                .putShort((short) 0)
                .putInt(7)
                .putShort((short) -1)
                .put((byte) 0);

        try (var connection = RawConnection.open()) {
            // when
            connection.write(sizePrefixed(body.array()));

            // then, as Kafka does for an InvalidRequestException
            connection.assertClosedByBrokerWithoutAnswer();
        }
        assertBrokerServesJavaClients();
    }

    @Test
    void apiVersionsAtAnUnknownVersionIsAnsweredWithUnsupportedVersion() throws Exception {
        // given an ApiVersions request at a version no Kafka has defined yet (KIP-511), with a v2 header (as any
        // flexible version has) and a body the broker cannot know
        ByteBuffer header = ByteBuffer.allocate(2 + 2 + 4 + 2 + 1 + 8);
        header.putShort(ApiKeys.API_VERSIONS.id)
                .putShort((short) 999)
                .putInt(11)
                .putShort((short) -1)
                .put((byte) 0)
                .putLong(0x0102030405060708L);

        try (var connection = RawConnection.open()) {
            // when
            connection.write(sizePrefixed(header.array()));

            // then the answer is a v0 response with UNSUPPORTED_VERSION listing the ApiVersions versions served, so
            // the client can retry at one of them (Kafka's ApiVersionsRequest.getErrorResponse)
            ByteBuffer response = ByteBuffer.wrap(connection.readFrame());
            assertThat(response.getInt()).as("correlation id").isEqualTo(11);
            var apiVersions = ApiVersionsResponse.parse(new ByteBufferAccessor(response), (short) 0);
            assertThat(Errors.forCode(apiVersions.data().errorCode())).isEqualTo(Errors.UNSUPPORTED_VERSION);
            var served = apiVersions.data().apiKeys().find(ApiKeys.API_VERSIONS.id);
            assertThat(served).isNotNull();
            assertThat(served.maxVersion()).isEqualTo(ApiKeys.API_VERSIONS.latestVersion());
        }
        assertBrokerServesJavaClients();
    }

    @Test
    void otherRequestAtAnUnknownVersionClosesTheConnection() throws Exception {
        // given a Metadata request at a version kafka-clients cannot parse
        ByteBuffer header = ByteBuffer.allocate(2 + 2 + 4 + 2 + 1 + 8);
        header.putShort(ApiKeys.METADATA.id)
                .putShort((short) 999)
                .putInt(12)
                .putShort((short) -1)
                .put((byte) 0)
                .putLong(0);

        try (var connection = RawConnection.open()) {
            // when
            connection.write(sizePrefixed(header.array()));

            // then, as Kafka does: no request can be decoded, so no error response can be built
            connection.assertClosedByBrokerWithoutAnswer();
        }
        assertBrokerServesJavaClients();
    }

    @Test
    void produceBatchWithBadCrcIsRejectedWithCorruptMessage() throws Exception {
        // given a valid Produce request whose batch has one byte of a record value flipped after the CRC was taken
        String topic = uniqueTopic("corrupt");
        broker.createTopic(topic, 1, Map.of());
        MemoryRecords records = MemoryRecords.withRecords(
                Compression.NONE,
                new SimpleRecord(bytes("k0"), bytes("first")),
                new SimpleRecord(bytes("k1"), bytes("value-to-corrupt")),
                new SimpleRecord(bytes("k2"), bytes("last")));
        var data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5_000);
        data.topicData()
                .add(new ProduceRequestData.TopicProduceData()
                        .setName(topic)
                        .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData()
                                .setIndex(0)
                                .setRecords(records))));
        short version = 12;
        var header = new RequestHeader(ApiKeys.PRODUCE, version, "corrupting-client", 21);
        byte[] frame = frame(header, new ProduceRequest.Builder(version, version, data).build(version));
        int valueAt = indexOf(frame, bytes("value-to-corrupt"));
        frame[valueAt + 3] ^= 0x20;

        try (var connection = RawConnection.open()) {
            // when
            connection.write(frame);

            // then the partition's answer is CORRUPT_MESSAGE
            var response =
                    (ProduceResponse) AbstractResponse.parseResponse(ByteBuffer.wrap(connection.readFrame()), header);
            var partitionResponse = response.data()
                    .responses()
                    .iterator()
                    .next()
                    .partitionResponses()
                    .get(0);
            assertThat(partitionResponse.index()).isZero();
            assertThat(Errors.forCode(partitionResponse.errorCode())).isEqualTo(Errors.CORRUPT_MESSAGE);

            // and the connection stays usable, as in Kafka
            var metadataHeader = new RequestHeader(ApiKeys.METADATA, (short) 12, "corrupting-client", 22);
            connection.write(frame(
                    metadataHeader,
                    new MetadataRequest.Builder(new MetadataRequestData().setTopics(null)).build((short) 12)));
            assertThat(AbstractResponse.parseResponse(ByteBuffer.wrap(connection.readFrame()), metadataHeader)
                            .apiKey())
                    .isEqualTo(ApiKeys.METADATA);
        }

        // and nothing of the corrupt batch was appended: the next record gets offset 0
        try (var producer = broker.producer(Map.of())) {
            assertThat(producer.send(new ProducerRecord<>(topic, 0, null, bytes("good")))
                            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                            .offset())
                    .isZero();
        }
        assertBrokerServesJavaClients();
    }

    /** A Java producer's record comes back through a Java consumer. */
    private static void assertBrokerServesJavaClients() throws Exception {
        byte[] value = bytes("alive-" + System.nanoTime());
        long offset;
        try (var producer = broker.producer(Map.of())) {
            offset = producer.send(new ProducerRecord<>(healthTopic, 0, null, value))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .offset();
        }
        assertThat(broker.consume(new TopicPartition(healthTopic, 0), offset, 1)
                        .get(0)
                        .value())
                .isEqualTo(value);
    }

    private static byte[] frame(RequestHeader header, AbstractRequest request) {
        ByteBuffer payload = request.serializeWithHeader(header);
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        return sizePrefixed(bytes);
    }

    private static byte[] sizePrefixed(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length)
                .putInt(payload.length)
                .put(payload)
                .array();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found in the frame: " + new String(needle, StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A plain socket to the broker's listener, every read bounded by {@link #SOCKET_TIMEOUT_MS}. */
    private static final class RawConnection implements AutoCloseable {

        private final Socket socket;
        private final OutputStream out;
        private final DataInputStream in;

        private RawConnection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new DataInputStream(socket.getInputStream());
        }

        static RawConnection open() throws IOException {
            String[] hostPort = broker.bootstrapServers().split(":");
            var socket = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
            socket.setSoTimeout(SOCKET_TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            return new RawConnection(socket);
        }

        void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        void shutdownOutput() throws IOException {
            socket.shutdownOutput();
        }

        /** Closes with a TCP reset (SO_LINGER 0), as a crashed client would. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        byte[] readFrame() throws IOException {
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            return payload;
        }

        /** The broker closes its end (EOF or reset) within the socket timeout, having sent nothing. */
        void assertClosedByBrokerWithoutAnswer() throws IOException {
            int received = 0;
            try {
                while (in.read() != -1) {
                    received++;
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the broker kept the connection open for " + SOCKET_TIMEOUT_MS + " ms", e);
            } catch (SocketException e) {
                // a reset is a close too
            }
            assertThat(received).as("bytes answered before the close").isZero();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
