package io.runnel.tools.cli;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

/** Turns a failure into the one-line reason a tool prints after {@code Error: }. */
public final class ErrorMessages {

    private ErrorMessages() {}

    /**
     * The innermost meaningful message: futures and Kafka's wrappers are unwrapped, since their own messages
     * only repeat the cause's class name; a time-out adds the usual reason (no broker at the address given).
     */
    public static String describe(Throwable failure) {
        Throwable t = unwrap(failure);
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        }
        if (t instanceof TimeoutException) {
            message += " (is a broker running at the address given by --bootstrap-server?)";
        }
        // One line, whatever the message holds (some Kafka messages embed newlines).
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null
                && (t instanceof ExecutionException
                        || t instanceof CompletionException
                        || (t.getClass() == KafkaException.class
                                && t.getMessage() != null
                                && t.getMessage().equals(t.getCause().toString())))) {
            t = t.getCause();
        }
        return t;
    }
}
