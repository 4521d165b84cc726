package io.runnel.broker.e2e;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;

import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.RequestHeader;

/**
 * Sends single requests, serialized by kafka-clients, over a plain socket: for the few requests a test must shape
 * itself (fields a real client would never send in that state, such as an outdated generation).
 */
final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private int correlationId;

    RawClient(String bootstrapServers) throws IOException {
        String[] hostPort = bootstrapServers.split(":");
        this.socket = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
        socket.setSoTimeout((int) RunnelBrokerExtension.TIMEOUT.toMillis());
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new DataOutputStream(socket.getOutputStream());
    }

    @SuppressWarnings("unchecked")
    <R extends AbstractResponse> R send(AbstractRequest request) throws IOException {
        var header = new RequestHeader(request.apiKey(), request.version(), "raw-client", ++correlationId);
        ByteBuffer frame = request.serializeWithHeader(header);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
        byte[] response = new byte[in.readInt()];
        in.readFully(response);
        return (R) AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
