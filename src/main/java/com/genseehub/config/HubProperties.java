package com.genseehub.config;

import java.time.Duration;
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
     */
    public record Site(Product product, ClassType classType, List<String> allowedAddresses, RateLimit rateLimit,
                       String pageKey) {
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

    public record Dispatch(@DefaultValue("1s") Duration pollInterval, @DefaultValue("200") int batchSize) {
    }
}
