package com.genseehub.users;

import com.genseehub.config.HubProperties;
import org.springframework.stereotype.Component;

/**
 * The integrator's own user id behind a Gensee user id: integrators put {@code offset + their id} into
 * the join URL's uid (e.g. 1000000000 + id), so with {@code hub.sites.<key>.uid-offset} set the hub
 * gives {@code userId = Operator - offset} with every attendance row, report and sink payload.
 */
@Component
public class UserIds {

    private final HubProperties hub;

    public UserIds(HubProperties hub) {
        this.hub = hub;
    }

    /** The user id, or null when the site has no offset or the Gensee id is below it (or absent). */
    public Long of(String site, Long genseeId) {
        HubProperties.Site configured = site == null ? null : hub.sites().get(site);
        return configured == null ? null : configured.userId(genseeId);
    }

    /** As {@link #of(String, Long)} for an id given as text (Q&A, pages); null when it is not a number. */
    public Long of(String site, String genseeId) {
        if (genseeId == null || genseeId.isEmpty() || genseeId.length() > 18 || !genseeId.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return of(site, Long.valueOf(genseeId));
    }
}
