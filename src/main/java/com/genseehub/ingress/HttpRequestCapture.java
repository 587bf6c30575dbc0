package com.genseehub.ingress;

import com.genseehub.callback.CallbackRequest;
import io.vertx.ext.web.WebServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.springframework.stereotype.Component;

/**
 * Hands a route the request {@link CallbackGate} let in: the bytes as received, the caller's address
 * and the time it arrived. The only place that knows how a request reaches a Camel route.
 */
@Component
public class HttpRequestCapture {

    public CallbackRequest capture(Exchange exchange) {
        if (exchange.getMessage() instanceof HttpMessage message
                && message.getRequest() instanceof WebServerRequest request
                && request.routingContext().get(CallbackGate.REQUEST) instanceof CallbackRequest admitted) {
            return admitted;
        }
        throw new IllegalStateException("callback routes must start from platform-http on the ingress listener");
    }
}
