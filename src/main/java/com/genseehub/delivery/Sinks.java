package com.genseehub.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Sink names and their settings. A sink named {@code crm:acme} is the {@code acme} endpoint of the
 * {@code crm} sink: it is delivered by the route {@code direct:sink-crm} and uses the settings of
 * {@code hub.sinks.crm}.
 */
@Component
public class Sinks {

    static final String ROUTE_PREFIX = "direct:sink-";
    private static final DeliveryProperties.Sink UNCONFIGURED =
            new DeliveryProperties.Sink(false, RetryPolicy.DEFAULT.maxAttempts(), RetryPolicy.DEFAULT.initialDelay(),
                    RetryPolicy.DEFAULT.maxDelay(), null, null);

    private final DeliveryProperties properties;

    public Sinks(DeliveryProperties properties) {
        this.properties = properties;
    }

    /** The sink names one enqueue for {@code sink} writes: none when disabled, one per endpoint if it has endpoints. */
    public List<String> targets(String sink) {
        DeliveryProperties.Sink settings = settings(sink);
        if (!settings.enabled()) {
            return List.of();
        }
        if (settings.endpoints().isEmpty()) {
            return List.of(sink);
        }
        return settings.endpoints().keySet().stream().sorted().map(key -> sink + ":" + key).toList();
    }

    public RetryPolicy retryPolicy(String sink) {
        return settings(sink).retryPolicy();
    }

    /** The digest window of a sink that groups its deliveries. */
    public Optional<Duration> window(String sink) {
        return Optional.ofNullable(settings(sink).window()).filter(window -> !window.isZero());
    }

    /** {@code direct:sink-crm} for {@code crm:acme}. */
    public static String route(String sink) {
        return ROUTE_PREFIX + family(sink);
    }

    /** {@code acme} for {@code crm:acme}, null for a sink without endpoints. */
    public static String endpoint(String sink) {
        int colon = sink.indexOf(':');
        return colon < 0 ? null : sink.substring(colon + 1);
    }

    private static String family(String sink) {
        int colon = sink.indexOf(':');
        return colon < 0 ? sink : sink.substring(0, colon);
    }

    private DeliveryProperties.Sink settings(String sink) {
        return properties.sinks().getOrDefault(family(sink), UNCONFIGURED);
    }
}
