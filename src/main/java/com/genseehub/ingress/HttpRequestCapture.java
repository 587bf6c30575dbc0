package com.genseehub.ingress;

import java.time.Clock;

import com.genseehub.callback.CallbackRequest;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * The only place that knows how Camel's platform-http hands over a request: it copies what was
 * received into a plain {@link CallbackRequest} and stamps the receive time.
 */
@Component
public class HttpRequestCapture {

    private final Clock clock;

    public HttpRequestCapture(Clock clock) {
        this.clock = clock;
    }

    public CallbackRequest capture(Exchange exchange) {
        if (!(exchange.getMessage() instanceof PlatformHttpMessage message)) {
            throw new IllegalStateException("callback routes must start from platform-http (Spring MVC engine)");
        }
        HttpServletRequest servlet = message.getRequest();
        String method = servlet.getMethod();
        String body = method.equals("GET") ? null : message.getBody(String.class);
        return new CallbackRequest(siteOf(servlet.getRequestURI()), method, servlet.getRequestURI(),
                servlet.getQueryString(), body, servlet.getRemoteAddr(), clock.instant());
    }

    /** The site key is the path segment after /gensee/; taken from the path so no parameter can override it. */
    static String siteOf(String path) {
        if (path == null) {
            return null;
        }
        String[] segments = path.split("/");
        // "", "gensee", "{site}", ...
        return segments.length > 2 && segments[1].equals("gensee") ? segments[2] : null;
    }
}
