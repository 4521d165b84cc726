package io.runnel.broker.e2e;

import java.util.Optional;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kafka-python 2.0.2 (Debian's python3-kafka), an old client: it negotiates its versions from ApiVersions v0 and
 * still sends Metadata v0/v1, JoinGroup v2, OffsetCommit v2, OffsetFetch v1, ListOffsets v1 and Fetch v4, the oldest
 * versions Kafka 4 (KIP-896) and the broker still serve; through {@code src/test/python/kafka_python_client.py}.
 */
class KafkaPythonTest extends ScriptedClientContract {

    @RegisterExtension
    static final RunnelBrokerExtension broker = new RunnelBrokerExtension();

    @Override
    RunnelBrokerExtension broker() {
        return broker;
    }

    @Override
    Optional<ScriptedClient.Installation> installation() {
        return ScriptedClient.kafkaPython();
    }
}
