package com.genseehub.callback;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.genseehub.config.HubProperties;
import com.genseehub.config.HubProperties.Site;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The configured sites ({@code hub.sites}) and their two keys. The <b>site key</b> (the key under
 * {@code hub.sites}) is in the URLs Gensee's servers call (live, vod, Q&A, auth); the <b>page key</b>
 * is in the URLs of the pages attendees' and teachers' browsers open (roll call, class end,
 * co-browse), which anyone in a class can read, so it must not open the server callbacks.
 */
@Component
public class Sites {

    private static final Logger log = LoggerFactory.getLogger(Sites.class);

    private final HubProperties properties;
    private final Map<String, List<Cidr>> allowLists;
    /** page key -> site key */
    private final Map<String, String> byPageKey = new HashMap<>();
    private final Map<String, String> pageKeys = new HashMap<>();

    public Sites(HubProperties properties, PageKeys keptPageKeys) {
        this.properties = properties;
        this.allowLists = properties.sites().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().allowedAddresses().stream().map(Cidr::parse).toList()));
        properties.sites().forEach((siteKey, site) -> {
            String pageKey = site.pageKey() != null ? site.pageKey() : keptPageKeys.pageKey(siteKey);
            if (properties.sites().containsKey(pageKey) || byPageKey.containsKey(pageKey)) {
                throw new IllegalArgumentException("hub.sites." + siteKey + ".page-key must differ from every site key "
                        + "and every other page key");
            }
            byPageKey.put(pageKey, siteKey);
            pageKeys.put(siteKey, pageKey);
            log.info("Site {}: server callbacks under /gensee/{}/..., browser pages (roll call, class end, co-browse) "
                    + "under /gensee/{}/...{}", siteKey, siteKey, pageKey,
                    site.pageKey() == null ? " (page key generated and kept in the database; set hub.sites."
                            + siteKey + ".page-key to choose it)" : "");
        });
    }

    public Optional<Site> find(String key) {
        return Optional.ofNullable(key).map(properties.sites()::get);
    }

    /** The site a callback that was let in is for (see {@link #siteKeyFor}). */
    public Site site(String siteKey) {
        return find(siteKey).orElseThrow(() -> new IllegalStateException("not a configured site: " + siteKey));
    }

    /**
     * The site key a key in a URL stands for: a site key for server callbacks, a page key for pages;
     * empty for any other key (the same 404 as an unknown key, so the wrong key tells nothing).
     */
    public Optional<String> siteKeyFor(String urlKey, boolean page) {
        if (page) {
            return Optional.ofNullable(byPageKey.get(urlKey));
        }
        return properties.sites().containsKey(urlKey) ? Optional.of(urlKey) : Optional.empty();
    }

    public String pageKey(String siteKey) {
        return pageKeys.get(siteKey);
    }

    /** Whether the address may call for the site (its allowed-addresses; empty: any). */
    public boolean addressAllowed(String siteKey, String address) {
        List<Cidr> allowed = allowLists.getOrDefault(siteKey, List.of());
        return allowed.isEmpty() || allowed.stream().anyMatch(cidr -> cidr.contains(address));
    }

    public HubProperties.RateLimit rateLimit(String siteKey) {
        return site(siteKey).rateLimit();
    }
}
