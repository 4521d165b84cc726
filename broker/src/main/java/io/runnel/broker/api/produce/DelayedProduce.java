package io.runnel.broker.api.produce;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.runnel.broker.partition.LocalPartitions;
import io.runnel.broker.purgatory.DelayedOperation;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.Errors;

/**
 * An acks=all Produce waiting for the high watermark of each appended partition to pass the last offset it
 * wrote. Partitions still waiting at the deadline answer REQUEST_TIMED_OUT (the records stay in the log, as in
 * Kafka: the producer retries and idempotence de-duplicates).
 */
public final class DelayedProduce extends DelayedOperation {

    /** One appended partition: the offset the high watermark must reach and the answer to fill in. */
    record PendingAck(TopicPartition tp, long requiredOffset, PartitionProduceResponse response) {}

    private final LocalPartitions partitions;
    private final List<PendingAck> pending;
    private final boolean[] acknowledged;
    private final Runnable respond;

    DelayedProduce(long deadlineMs, LocalPartitions partitions, List<PendingAck> pending, Runnable respond) {
        super(deadlineMs);
        this.partitions = partitions;
        this.pending = List.copyOf(pending);
        this.acknowledged = new boolean[pending.size()];
        this.respond = respond;
    }

    List<TopicPartition> keys() {
        // A loop rather than a stream: this runs for every acks=all produce, and the stream pipeline was a large
        // part of what C2 compiled for the produce path.
        var keys = new ArrayList<TopicPartition>(pending.size());
        for (PendingAck ack : pending) {
            keys.add(ack.tp());
        }
        return keys;
    }

    @Override
    protected boolean tryComplete() {
        boolean allDone = true;
        for (int i = 0; i < pending.size(); i++) {
            if (acknowledged[i]) {
                continue;
            }
            PendingAck ack = pending.get(i);
            Optional<Errors> outcome = partitions
                    .get(ack.tp())
                    .map(p -> p.checkEnoughReplicasReachOffset(ack.requiredOffset()))
                    .orElse(Optional.of(Errors.NOT_LEADER_OR_FOLLOWER));
            if (outcome.isPresent()) {
                acknowledged[i] = true;
                if (outcome.get() != Errors.NONE) {
                    ack.response().setErrorCode(outcome.get().code());
                }
            } else {
                allDone = false;
            }
        }
        return allDone && forceComplete();
    }

    @Override
    protected void onComplete(boolean expired) {
        for (int i = 0; i < pending.size(); i++) {
            if (!acknowledged[i]) {
                pending.get(i).response().setErrorCode(Errors.REQUEST_TIMED_OUT.code());
            }
        }
        respond.run();
    }
}
