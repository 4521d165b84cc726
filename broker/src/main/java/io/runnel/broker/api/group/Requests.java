package io.runnel.broker.api.group;

import io.runnel.broker.api.ApiRequest;
import io.runnel.broker.group.RequestMeta;

/** What the group coordinator is told about a request besides its body. */
final class Requests {

    private Requests() {}

    static RequestMeta meta(ApiRequest request) {
        String host = request.context().clientAddress == null
                ? ""
                : request.context().clientAddress.toString();
        String clientId = request.context().clientId();
        return new RequestMeta(request.apiVersion(), clientId == null ? "" : clientId, host);
    }
}
