package com.genseehub.config;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.genseehub.callback.ClassType;
import com.genseehub.callback.Product;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Everything under {@code hub.} in application.yaml. */
@ConfigurationProperties("hub")
public record HubProperties(Map<String, Site> sites, Api api, @DefaultValue Dispatch dispatch) {

    public HubProperties {
        sites = sites == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(sites));
        api = api == null ? new Api(null, null) : api;
    }

    /**
     * One Gensee site pointing at this hub.
     *
     * @param allowedAddresses CIDR ranges callbacks may come from; empty = any address
     * @param rateLimit        per calling address; null = the default (2,000/s, bursts of 20,000)
     * @param pageKey          the key in the URLs of the pages attendees' browsers open (roll call,
     *                         class end, co-browse); null = one generated and kept in the database
     * @param genseeApi        the site's account on Gensee's integration API, for reconciliation; null = none
     * @param uidOffset        integrators' user id = Operator - uidOffset (for Operators at or above it); null = none
     * @param attendance       who qualifies as having attended a class; null = no rule
     */
    public record Site(Product product, ClassType classType, List<String> allowedAddresses, RateLimit rateLimit,
                       String pageKey, GenseeApi genseeApi, Long uidOffset, AttendanceRule attendance) {
        public Site {
            allowedAddresses = allowedAddresses == null ? List.of() : List.copyOf(allowedAddresses);
            rateLimit = rateLimit == null ? RateLimit.DEFAULT : rateLimit;
            if (product == null) {
                throw new IllegalArgumentException("hub.sites.<key>.product is required (webcast or training)");
            }
            if (product == Product.WEBCAST && classType != null) {
                throw new IllegalArgumentException("hub.sites.<key>.class-type applies to training sites only");
            }
            if (product == Product.TRAINING && classType == null) {
                classType = ClassType.LECTURE;
            }
            if (uidOffset != null && uidOffset < 0) {
                throw new IllegalArgumentException("hub.sites.<key>.uid-offset must not be negative");
            }
        }

        /** The integrator's own user id of an Operator, or null when the site has no offset or the Operator is below it. */
        public Long userId(Long operator) {
            return uidOffset == null || operator == null || operator < uidOffset ? null : operator - uidOffset;
        }
    }

    /**
     * A site's account on Gensee's integration API (https://&lt;site&gt;.gensee.com/integration/site/), read
     * after a class to reconcile attendance with Gensee's own record (docs/reconciliation.md).
     *
     * @param baseUrl     the API's base, e.g. https://demo.gensee.com/integration/site/ (a trailing / is added)
     * @param password    sent as is, or with {@code passwordMd5} as its MD5 hex together with sec=true
     * @param timeZone    the zone of the times Gensee writes as text (yyyy-MM-dd HH:mm:ss)
     * @param vod         true: also fetch the site's VOD viewing history, one day at a time
     */
    public record GenseeApi(URI baseUrl, String loginName, String password, @DefaultValue("false") boolean passwordMd5,
                            @DefaultValue("Asia/Shanghai") ZoneId timeZone, @DefaultValue("false") boolean vod) {
        public GenseeApi {
            if (baseUrl == null || loginName == null || loginName.isBlank() || password == null || password.isEmpty()) {
                throw new IllegalArgumentException(
                        "hub.sites.<key>.gensee-api needs base-url, login-name and password");
            }
            if (!baseUrl.isAbsolute() || !(baseUrl.getScheme().equals("https") || baseUrl.getScheme().equals("http"))) {
                throw new IllegalArgumentException("hub.sites.<key>.gensee-api.base-url must be an http(s) URL");
            }
            if (!baseUrl.toString().endsWith("/")) {
                baseUrl = URI.create(baseUrl + "/");
            }
            timeZone = timeZone == null ? ZoneId.of("Asia/Shanghai") : timeZone;
        }

        @Override
        public String toString() {
            // never the password in a log line
            return "GenseeApi[" + baseUrl + ", " + loginName + "]";
        }
    }

    /**
     * {@code hub.sites.<key>.attendance}: an attendee qualifies when every condition that is set holds.
     *
     * @param minPresence share of the class's live time present, 0 to 1 (e.g. 0.85); null = no condition
     * @param minMinutes  minutes present during live time; null = no condition
     */
    public record AttendanceRule(Double minPresence, Integer minMinutes) {
        public AttendanceRule {
            if (minPresence != null && (minPresence < 0 || minPresence > 1)) {
                throw new IllegalArgumentException("hub.sites.<key>.attendance.min-presence must be between 0 and 1");
            }
            if (minMinutes != null && minMinutes < 0) {
                throw new IllegalArgumentException("hub.sites.<key>.attendance.min-minutes must not be negative");
            }
        }

        /** True when at least one condition is set. */
        public boolean defined() {
            return minPresence != null || minMinutes != null;
        }
    }

    /** Token bucket per (site, calling address): {@code perSecond} refill, up to {@code burst} at once; 0 = off. */
    public record RateLimit(double perSecond, int burst) {
        public static final RateLimit DEFAULT = new RateLimit(2000, 20000);

        public boolean enabled() {
            return perSecond > 0 && burst > 0;
        }
    }

    /**
     * @param token        the bearer token of /api; null = one generated and logged at start-up
     * @param maxBodyBytes the largest request body the internal port reads (API, dashboard)
     */
    public record Api(String token, DataSize maxBodyBytes) {
        public Api {
            maxBodyBytes = maxBodyBytes == null ? DataSize.ofMegabytes(1) : maxBodyBytes;
        }
    }

    public record Dispatch(@DefaultValue("1s") Duration pollInterval, @DefaultValue("200") int batchSize,
                           @DefaultValue("50ms") Duration linger) {
        public Dispatch {
            // a batch's sequence numbers go into one statement; PostgreSQL's driver takes at most 32,767 values
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("hub.dispatch.batch-size must be from 1 to 10000, not " + batchSize);
            }
        }
    }
}
