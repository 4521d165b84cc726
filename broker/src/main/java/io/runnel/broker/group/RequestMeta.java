package io.runnel.broker.group;

/** What the coordinator needs to know about a request besides its body. */
public record RequestMeta(short apiVersion, String clientId, String clientHost) {}
