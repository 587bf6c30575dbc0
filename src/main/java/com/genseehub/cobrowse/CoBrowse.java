package com.genseehub.cobrowse;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.regex.Pattern;

import com.genseehub.callback.CallbackRequest;
import com.genseehub.callback.QueryString;
import com.genseehub.callback.RejectedCallbackException;
import com.genseehub.callback.Sites;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Co-browse (spec section 7): which links the teacher's drop-down shows for a room, falling back to the
 * site's default list. The JSON shape Gensee gets is decided in routes/pages.yaml.
 */
@Component
public class CoBrowse {

    private static final Logger log = LoggerFactory.getLogger(CoBrowse.class);

    /** {@code hub.cobrowse} in application.yaml. */
    @ConfigurationProperties("hub.cobrowse")
    public record Settings(List<Seed> seed) {
        public Settings {
            seed = seed == null ? List.of() : List.copyOf(seed);
        }
    }

    /** Links written at start-up into a room that has none yet (so edits made through the API survive). */
    public record Seed(String site, String room, List<CoBrowseLink> links) {
    }

    private static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9_\\-]{1,100}");
    static final int MAX_LINKS = 200;
    static final int MAX_NAME = 200;
    static final int MAX_URL = 2000;

    private final Sites sites;
    private final CoBrowseStore store;
    private final Settings settings;

    public CoBrowse(Sites sites, CoBrowseStore store, Settings settings) {
        this.sites = sites;
        this.store = store;
        this.settings = settings;
    }

    /** {@code GET /gensee/{site}/cobrowse?roomid=}: the room's links, else the site's default list. */
    public List<CoBrowseLink> linksFor(CallbackRequest request) {
        String roomId;
        try {
            roomId = QueryString.parse(request.query()).get("roomid");
        } catch (IllegalArgumentException e) {
            throw RejectedCallbackException.badRequest(request, e.getMessage());
        }
        if (roomId == null || roomId.isEmpty()) {
            throw RejectedCallbackException.badRequest(request, "roomid is missing");
        }
        if (!ROOM_ID.matcher(roomId).matches()) {
            throw RejectedCallbackException.badRequest(request, "roomid must be 1-100 letters, digits, '-' or '_'");
        }
        List<CoBrowseLink> links = store.links(request.site(), roomId);
        return links.isEmpty() ? store.links(request.site(), CoBrowseStore.DEFAULT_ROOM) : links;
    }

    /** @throws IllegalArgumentException with a one-line reason when the site, room or a link is not acceptable */
    public void checkEditable(String site, String roomId, List<CoBrowseLink> links) {
        if (sites.find(site).isEmpty()) {
            throw new IllegalArgumentException("unknown site " + QueryString.printable(site));
        }
        if (!ROOM_ID.matcher(roomId).matches()) {
            throw new IllegalArgumentException("room id must be 1-100 letters, digits, '-' or '_'");
        }
        if (links == null) {
            return;
        }
        if (links.size() > MAX_LINKS) {
            throw new IllegalArgumentException("at most " + MAX_LINKS + " links per room");
        }
        for (CoBrowseLink link : links) {
            if (link == null || link.name() == null || link.name().isBlank() || link.name().length() > MAX_NAME) {
                throw new IllegalArgumentException("every link needs a name of 1-" + MAX_NAME + " characters");
            }
            checkUrl(link.url());
        }
    }

    /** Only absolute http(s) URLs: a javascript: or data: link in the teacher's drop-down would run script. */
    private static void checkUrl(String url) {
        if (url == null || url.length() > MAX_URL) {
            throw new IllegalArgumentException("every link needs a url of at most " + MAX_URL + " characters");
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http")
                    || uri.getScheme().equalsIgnoreCase("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException("url must be an absolute http or https URL: "
                        + QueryString.printable(url));
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URL: " + QueryString.printable(url));
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    public void seed() {
        for (Seed seed : settings.seed()) {
            checkEditable(seed.site(), seed.room(), seed.links());
            if (store.links(seed.site(), seed.room()).isEmpty()) {
                store.replace(seed.site(), seed.room(), seed.links());
                log.info("Seeded {} co-browse links for site {} room {}", seed.links().size(), seed.site(), seed.room());
            }
        }
    }
}
