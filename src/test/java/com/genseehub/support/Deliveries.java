package com.genseehub.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

/** Watches the outbox of a running hub through its API and metrics. */
public class Deliveries {

    private final HubClient hub;

    public Deliveries(HubClient hub) {
        this.hub = hub;
    }

    /** The deliveries of one sink, newest first. */
    public JsonNode of(String sink) {
        return hub.apiJson("/api/deliveries?limit=1000&sink=" + sink).get("items");
    }

    /** Waits until the sink's deliveries satisfy the condition; returns them. */
    public JsonNode await(String sink, String what, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            JsonNode items = of(sink);
            if (condition.test(items)) {
                return items;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("deliveries of " + sink + " never " + what + ": " + items);
            }
            sleep(50);
        }
    }

    /** Waits until the sink has {@code count} deliveries, all in {@code status}. */
    public JsonNode awaitAll(String sink, int count, String status) {
        return await(sink, count + " " + status, items -> items.size() == count
                && java.util.stream.StreamSupport.stream(items.spliterator(), false)
                .allMatch(item -> item.get("status").asText().equals(status)));
    }

    /** A per-sink counter or timer count from /actuator/prometheus (0 when it does not exist yet). */
    public double metric(String name, String sink) {
        var response = hub.get("/actuator/prometheus");
        if (response.statusCode() != 200) {
            throw new AssertionError("/actuator/prometheus -> " + response.statusCode());
        }
        String text = response.body();
        String prefix = name + "{";
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix) && line.contains("sink=\"" + sink + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
