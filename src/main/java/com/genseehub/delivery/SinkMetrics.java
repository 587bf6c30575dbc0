package com.genseehub.delivery;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Per-sink counters at /actuator/prometheus: hub_sink_delivered_total, hub_sink_retried_total,
 * hub_sink_dead_total (deliveries, tag sink) and hub_sink_delivery_latency_seconds (one sink call).
 */
@Component
public class SinkMetrics {

    private final MeterRegistry registry;

    public SinkMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void delivered(String sink, int deliveries, Duration took) {
        counter("hub.sink.delivered", "deliveries a sink took", sink).increment(deliveries);
        Timer.builder("hub.sink.delivery.latency").description("time a successful sink call took")
                .tag("sink", sink).register(registry).record(took);
    }

    void retried(String sink, int deliveries) {
        counter("hub.sink.retried", "failed attempts that will be retried", sink).increment(deliveries);
    }

    void dead(String sink, int deliveries) {
        counter("hub.sink.dead", "deliveries given up after the last attempt", sink).increment(deliveries);
    }

    private Counter counter(String name, String description, String sink) {
        return Counter.builder(name).description(description).tag("sink", sink).register(registry);
    }
}
