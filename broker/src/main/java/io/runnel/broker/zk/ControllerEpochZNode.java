package io.runnel.broker.zk;

import java.nio.charset.StandardCharsets;

/**
 * {@code /controller_epoch}: the controller epoch as a plain decimal integer (not JSON), incremented with a
 * conditional set by every newly elected controller. Its znode version fences writes of deposed controllers.
 */
public final class ControllerEpochZNode {

    public static final String PATH = "/controller_epoch";

    private ControllerEpochZNode() {}

    public static byte[] encode(int epoch) {
        return Integer.toString(epoch).getBytes(StandardCharsets.UTF_8);
    }

    public static int decode(byte[] data) {
        String text = data == null ? "" : new String(data, StandardCharsets.UTF_8).trim();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ZNodeFormatException(PATH, "not an integer: '" + text + "'", e);
        }
    }
}
