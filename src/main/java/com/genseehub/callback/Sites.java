package com.genseehub.callback;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.genseehub.config.HubProperties;
import com.genseehub.config.HubProperties.Site;
import org.springframework.stereotype.Component;

/**
 * The configured sites ({@code hub.sites}) and the gate every callback passes first: known site
 * key, calling address in the site's allow-list, within the site's rate limit for that address.
 */
@Component
public class Sites {

    private final HubProperties properties;
    private final Map<String, List<Cidr>> allowLists;
    private final RateLimiter rateLimiter;

    public Sites(HubProperties properties, RateLimiter rateLimiter) {
        this.properties = properties;
        this.rateLimiter = rateLimiter;
        this.allowLists = properties.sites().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().allowedAddresses().stream().map(Cidr::parse).toList()));
    }

    public Optional<Site> find(String key) {
        return Optional.ofNullable(key).map(properties.sites()::get);
    }

    /**
     * The site a request is for, once admitted. An unknown key, and an address outside the site's
     * allow-list, both get the same 404 "unknown site" so a stranger learns nothing about which keys
     * exist; the quarantine keeps the real reason. Too many requests from one address: 429.
     */
    public Site require(CallbackRequest request) {
        Site site = find(request.site()).orElseThrow(
                () -> new RejectedCallbackException(request, 404, "unknown site"));
        List<Cidr> allowed = allowLists.get(request.site());
        if (!allowed.isEmpty() && allowed.stream().noneMatch(cidr -> cidr.contains(request.remoteAddress()))) {
            throw new RejectedCallbackException(request, 404, "unknown site",
                    "address " + request.remoteAddress() + " is not in the allowed-addresses of site " + request.site());
        }
        if (!rateLimiter.tryAcquire(request.site(), request.remoteAddress(), site.rateLimit())) {
            throw new RateLimitedException(request);
        }
        return site;
    }
}
