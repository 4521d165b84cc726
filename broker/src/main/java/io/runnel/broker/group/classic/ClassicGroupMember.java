package io.runnel.broker.group.classic;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

/**
 * A member of a classic group. Mutable, owned by the group's shard executor.
 *
 * <p>{@code awaitingJoin}/{@code awaitingSync} hold the member's parked JoinGroup/SyncGroup response while a
 * rebalance is in progress; a member with a parked JoinGroup is not expired by its session timer (the rebalance
 * timeout governs it), as in Kafka.
 */
public final class ClassicGroupMember {

    /** A protocol (assignor) the member supports, with its subscription metadata. */
    public record Protocol(String name, byte[] metadata) {}

    private String memberId;
    private final String groupInstanceId;
    private String clientId;
    private String clientHost;
    private int rebalanceTimeoutMs;
    private int sessionTimeoutMs;
    private final String protocolType;
    private List<Protocol> protocols;
    private byte[] assignment = new byte[0];
    private CompletableFuture<JoinGroupResponseData> awaitingJoin;
    private CompletableFuture<SyncGroupResponseData> awaitingSync;
    private boolean isNew;

    public ClassicGroupMember(
            String memberId,
            String groupInstanceId,
            String clientId,
            String clientHost,
            int rebalanceTimeoutMs,
            int sessionTimeoutMs,
            String protocolType,
            List<Protocol> protocols) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocolType = protocolType;
        this.protocols = List.copyOf(protocols);
    }

    public String memberId() {
        return memberId;
    }

    void setMemberId(String memberId) {
        this.memberId = memberId;
    }

    public String groupInstanceId() {
        return groupInstanceId;
    }

    public boolean isStatic() {
        return groupInstanceId != null;
    }

    public String clientId() {
        return clientId;
    }

    public String clientHost() {
        return clientHost;
    }

    public int rebalanceTimeoutMs() {
        return rebalanceTimeoutMs;
    }

    public int sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    public String protocolType() {
        return protocolType;
    }

    public List<Protocol> protocols() {
        return protocols;
    }

    public void update(
            String clientId, String clientHost, int rebalanceTimeoutMs, int sessionTimeoutMs, List<Protocol> p) {
        this.clientId = clientId;
        this.clientHost = clientHost;
        this.rebalanceTimeoutMs = rebalanceTimeoutMs;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.protocols = List.copyOf(p);
    }

    /** Whether the member's protocols (names and metadata, in order) equal {@code other}. */
    public boolean hasSameProtocols(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            Protocol a = protocols.get(i);
            Protocol b = other.get(i);
            if (!a.name().equals(b.name()) || !java.util.Arrays.equals(a.metadata(), b.metadata())) {
                return false;
            }
        }
        return true;
    }

    public byte[] metadata(String protocol) {
        for (Protocol p : protocols) {
            if (p.name().equals(protocol)) {
                return p.metadata();
            }
        }
        throw new IllegalArgumentException("member " + memberId + " does not support protocol " + protocol);
    }

    public byte[] assignment() {
        return assignment;
    }

    public void setAssignment(byte[] assignment) {
        this.assignment = assignment == null ? new byte[0] : assignment;
    }

    public CompletableFuture<JoinGroupResponseData> awaitingJoin() {
        return awaitingJoin;
    }

    public void setAwaitingJoin(CompletableFuture<JoinGroupResponseData> f) {
        this.awaitingJoin = f;
    }

    public boolean isAwaitingJoin() {
        return awaitingJoin != null;
    }

    public CompletableFuture<SyncGroupResponseData> awaitingSync() {
        return awaitingSync;
    }

    public void setAwaitingSync(CompletableFuture<SyncGroupResponseData> f) {
        this.awaitingSync = f;
    }

    public boolean isNew() {
        return isNew;
    }

    public void setNew(boolean isNew) {
        this.isNew = isNew;
    }
}
