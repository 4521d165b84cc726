package io.runnel.broker.testing;

import java.util.List;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;

/** Appends through the Produce handler (acks=all, latest version), as a client would. */
public final class Produce {

    private Produce() {}

    /** Produces {@code records} to {@code tp} and returns the base offset; fails the test on an error. */
    public static long append(DataPlaneFixture fixture, TopicPartition tp, MemoryRecords records) {
        var data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(1000);
        data.topicData()
                .add(new TopicProduceData()
                        .setName(tp.topic())
                        .setTopicId(fixture.topicId(tp.topic()))
                        .setPartitionData(List.of(new PartitionProduceData()
                                .setIndex(tp.partition())
                                .setRecords(records))));
        ProduceResponse response = fixture.call(ProduceRequest.builder(data), (short) 13);
        var answer = response.data()
                .responses()
                .iterator()
                .next()
                .partitionResponses()
                .get(0);
        if (answer.errorCode() != Errors.NONE.code()) {
            throw new AssertionError("Produce to " + tp + " failed: " + Errors.forCode(answer.errorCode()));
        }
        return answer.baseOffset();
    }
}
