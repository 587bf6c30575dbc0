package com.genseehub.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.genseehub.callback.ClassType;
import com.genseehub.callback.Product;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Everything under {@code hub.} in application.yaml. */
@ConfigurationProperties("hub")
public record HubProperties(Map<String, Site> sites, Api api, @DefaultValue Dispatch dispatch) {

    public HubProperties {
        sites = sites == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(sites));
        api = api == null ? new Api(null) : api;
    }

    /**
     * One Gensee site pointing at this hub.
     *
     * @param allowedAddresses CIDR ranges callbacks may come from; empty = any address
     * @param rateLimit        per calling address; null = the default (2,000/s, bursts of 20,000)
     * @param attendance       who qualifies as having attended a class; null = no rule
     */
    public record Site(Product product, ClassType classType, List<String> allowedAddresses, RateLimit rateLimit,
                       AttendanceRule attendance) {
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

    public record Api(String token) {
    }

    public record Dispatch(@DefaultValue("1s") Duration pollInterval, @DefaultValue("200") int batchSize) {
    }
}
