package io.runnel.broker.group;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.protocol.Errors;

/**
 * Maps a failed write to {@code __consumer_offsets} to the error a group client understands, as Kafka does: the
 * client cannot act on replication errors, but it knows to rediscover the coordinator or retry.
 */
final class AppendErrors {

    private AppendErrors() {}

    static Errors toClientError(Throwable failure, boolean offsetCommit) {
        Throwable cause = unwrap(failure);
        Errors error = Errors.forException(cause);
        return switch (error) {
            case UNKNOWN_TOPIC_OR_PARTITION, NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND, REQUEST_TIMED_OUT ->
                Errors.COORDINATOR_NOT_AVAILABLE;
            case NOT_LEADER_OR_FOLLOWER, KAFKA_STORAGE_ERROR -> Errors.NOT_COORDINATOR;
            case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE ->
                offsetCommit ? Errors.INVALID_COMMIT_OFFSET_SIZE : Errors.UNKNOWN_SERVER_ERROR;
            case COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR, COORDINATOR_LOAD_IN_PROGRESS -> error;
            default -> Errors.UNKNOWN_SERVER_ERROR;
        };
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
