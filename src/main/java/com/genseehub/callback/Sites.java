package com.genseehub.callback;

import java.util.Optional;

import com.genseehub.config.HubProperties;
import com.genseehub.config.HubProperties.Site;
import org.springframework.stereotype.Component;

/** The configured sites ({@code hub.sites}). */
@Component
public class Sites {

    private final HubProperties properties;

    public Sites(HubProperties properties) {
        this.properties = properties;
    }

    public Optional<Site> find(String key) {
        return Optional.ofNullable(key).map(properties.sites()::get);
    }

    /** The site a request is for; an unknown key is refused with 404 and no detail. */
    public Site require(CallbackRequest request) {
        return find(request.site()).orElseThrow(
                () -> new RejectedCallbackException(request, 404, "unknown site"));
    }
}
