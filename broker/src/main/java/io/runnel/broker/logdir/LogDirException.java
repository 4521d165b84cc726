package io.runnel.broker.logdir;

/** A log dir cannot be used: locked by another broker, unreadable, or holding another broker's identity. */
public final class LogDirException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LogDirException(String message) {
        super(message);
    }

    public LogDirException(String message, Throwable cause) {
        super(message, cause);
    }
}
