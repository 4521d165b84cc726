package io.runnel.broker.zk;

/** A znode whose content is not in the format Kafka (and Runnel) writes there. */
public final class ZNodeFormatException extends RuntimeException {

    public ZNodeFormatException(String path, String problem, Throwable cause) {
        super("znode " + path + ": " + problem, cause);
    }
}
