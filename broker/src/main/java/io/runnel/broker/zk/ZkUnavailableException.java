package io.runnel.broker.zk;

/** ZooKeeper could not be reached or an operation failed for reasons outside the request (connection loss). */
public final class ZkUnavailableException extends RuntimeException {

    public ZkUnavailableException(String message) {
        super(message);
    }

    public ZkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public static ZkUnavailableException wrap(String operation, Exception cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new ZkUnavailableException("ZooKeeper operation failed: " + operation + ": " + cause, cause);
    }
}
