package com.genseehub.delivery;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.delivery} (the worker) and {@code hub.sinks.<name>} (what every sink has in common) in
 * application.yaml. Sink-specific settings (SMTP server, CRM URLs, Kafka brokers) are read by the
 * sink itself.
 */
@ConfigurationProperties("hub")
public record DeliveryProperties(@DefaultValue Worker delivery, Map<String, Sink> sinks) {

    public DeliveryProperties {
        sinks = sinks == null ? Map.of() : Map.copyOf(sinks);
    }

    /**
     * @param pollInterval how often the worker looks for due deliveries
     * @param batchSize    due deliveries looked at per sink and query
     * @param senders      sinks sent to at the same time, one thread each
     * @param lease        how long a claimed delivery is reserved for the worker sending it; without a
     *                     result by then (the instance died mid-send) it is sent again. Longer than any
     *                     sink's own timeouts
     */
    public record Worker(@DefaultValue("1s") Duration pollInterval, @DefaultValue("20") int batchSize,
                         @DefaultValue("32") int senders, @DefaultValue("5m") Duration lease) {

        public Worker {
            if (senders < 1) {
                throw new IllegalArgumentException("hub.delivery.senders must be at least 1");
            }
            if (lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("hub.delivery.lease must be positive");
            }
        }
    }

    /**
     * @param enabled      deliveries are enqueued for this sink only when true
     * @param maxAttempts  attempts before a delivery is dead
     * @param initialDelay wait before the first retry
     * @param maxDelay     longest wait between retries
     * @param window       when set, deliveries of one group (site:ClassNo) are collected for this long
     *                     after the first one and sent as one message (a digest)
     * @param endpoints    when set, one delivery per endpoint key, to the sink named {@code <name>:<key>}
     */
    public record Sink(@DefaultValue("false") boolean enabled, @DefaultValue("10") int maxAttempts,
                       @DefaultValue("5s") Duration initialDelay, @DefaultValue("30m") Duration maxDelay,
                       Duration window, Map<String, Map<String, String>> endpoints) {

        public Sink {
            endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
        }

        public RetryPolicy retryPolicy() {
            return new RetryPolicy(maxAttempts, initialDelay, maxDelay);
        }
    }
}
