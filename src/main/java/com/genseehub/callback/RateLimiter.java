package com.genseehub.callback;

import java.util.concurrent.ConcurrentHashMap;

import com.genseehub.config.HubProperties.RateLimit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A token bucket per (site, calling address), so a flood from one address is cut off without
 * slowing any other caller or site. Buckets idle long enough to be full again are dropped.
 */
@Component
public class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
    private static final int MAX_BUCKETS = 100_000;

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    public RateLimiter(MeterRegistry meters) {
        this.meters = meters;
    }

    public boolean tryAcquire(String site, String address, RateLimit limit) {
        if (!limit.enabled()) {
            return true;
        }
        if (buckets.size() > MAX_BUCKETS) {
            long now = System.nanoTime();
            buckets.values().removeIf(bucket -> bucket.fullAt(limit) < now);
        }
        Bucket bucket = buckets.computeIfAbsent(site + "|" + address, key -> new Bucket(limit.burst()));
        if (bucket.take(limit)) {
            return true;
        }
        Counter.builder("hub.callbacks.rate.limited").description("Callbacks refused with 429")
                .tag("site", site).register(meters).increment();
        if (bucket.shouldLog()) {
            log.warn("Rate limit: refusing callbacks for site {} from {} (over {}/s)", site, address,
                    limit.perSecond());
        }
        return false;
    }

    private static final class Bucket {
        private double tokens;
        private long refilledAt = System.nanoTime();
        private long loggedAt;

        Bucket(int burst) {
            this.tokens = burst;
        }

        synchronized boolean take(RateLimit limit) {
            long now = System.nanoTime();
            tokens = Math.min(limit.burst(), tokens + (now - refilledAt) / 1e9 * limit.perSecond());
            refilledAt = now;
            if (tokens >= 1) {
                tokens--;
                return true;
            }
            return false;
        }

        synchronized long fullAt(RateLimit limit) {
            return refilledAt + (long) ((limit.burst() - tokens) / limit.perSecond() * 1e9);
        }

        /** At most one log line per address every 10 s. */
        synchronized boolean shouldLog() {
            long now = System.nanoTime();
            if (now - loggedAt > 10_000_000_000L) {
                loggedAt = now;
                return true;
            }
            return false;
        }
    }
}
