package com.genseehub.ingress;

import java.time.Duration;
import java.util.List;

import com.genseehub.config.HubProperties.RateLimit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code hub.ingress} in application.yaml: the listener Gensee calls.
 *
 * @param port               the port of everything under /gensee (0: any free port)
 * @param address            the interface it listens on
 * @param maxBodyBytes       the largest body read of any request; larger ones are refused (413)
 * @param maxRequestLine     the longest request line (method, path and query string)
 * @param maxHeaderBytes     the most header bytes of one request
 * @param trustedProxies     addresses of reverse proxies whose X-Forwarded-For names the caller
 * @param refusals           per calling address: refused requests allowed before further ones get 429
 *                           and are not even kept in quarantine
 * @param pagePaths          paths under /gensee/{key}/ that attendees' browsers open; they answer
 *                           only under a site's page key, every other path only under its site key
 * @param shutdownGrace      on stop: how long callbacks in flight may take to finish
 */
@ConfigurationProperties("hub.ingress")
public record IngressProperties(@DefaultValue("8080") int port,
                                @DefaultValue("0.0.0.0") String address,
                                @DefaultValue("256KB") DataSize maxBodyBytes,
                                @DefaultValue("16KB") DataSize maxRequestLine,
                                @DefaultValue("16KB") DataSize maxHeaderBytes,
                                List<String> trustedProxies,
                                RateLimit refusals,
                                @DefaultValue({"rollcall", "end", "cobrowse"}) List<String> pagePaths,
                                @DefaultValue("10s") Duration shutdownGrace) {

    /** Default limit on refused requests per address: 20 per second, bursts of 200. */
    public static final RateLimit DEFAULT_REFUSALS = new RateLimit(20, 200);

    public IngressProperties {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        refusals = refusals == null ? DEFAULT_REFUSALS : refusals;
        pagePaths = List.copyOf(pagePaths);
    }

    public int maxBody() {
        return Math.toIntExact(maxBodyBytes.toBytes());
    }
}
