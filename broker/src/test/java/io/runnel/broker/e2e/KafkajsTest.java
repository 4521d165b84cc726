package io.runnel.broker.e2e;

import java.util.Optional;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kafkajs 2.x on Node.js, a client written from the protocol specification that shares no code with Kafka's: its
 * admin, idempotent producer and consumer group against the broker, through {@code src/test/node/kafkajs-client.js}.
 */
class KafkajsTest extends ScriptedClientContract {

    @RegisterExtension
    static final RunnelBrokerExtension broker = new RunnelBrokerExtension();

    @Override
    RunnelBrokerExtension broker() {
        return broker;
    }

    @Override
    Optional<ScriptedClient.Installation> installation() {
        return ScriptedClient.kafkajs();
    }
}
