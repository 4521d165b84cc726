package io.runnel.broker.zk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runnel.broker.metadata.ProducerIdBlock;

/**
 * {@code /latest_producer_id_block}: the most recently allocated block of producer ids,
 * {@code {"version":1,"broker":1,"block_start":"0","block_end":"999"}} (start and end inclusive, as JSON
 * strings). Allocation reads it and writes the next block with a conditional set on the znode version.
 */
public final class ProducerIdBlockZNode {

    public static final String PATH = "/latest_producer_id_block";

    private ProducerIdBlockZNode() {}

    public static byte[] encode(ProducerIdBlock block) {
        ObjectNode node = ZkJson.object()
                .put("version", 1)
                .put("broker", block.brokerId())
                .put("block_start", Long.toString(block.firstProducerId()))
                .put("block_end", Long.toString(block.lastProducerId()));
        return ZkJson.bytes(node);
    }

    public static ProducerIdBlock decode(byte[] data) {
        JsonNode node = ZkJson.parse(PATH, data);
        return new ProducerIdBlock(
                ZkJson.intValue(PATH, node, "broker"),
                ZkJson.longValue(PATH, node, "block_start"),
                ZkJson.longValue(PATH, node, "block_end"));
    }
}
