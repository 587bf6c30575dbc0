package com.genseehub.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Plays a {@link Script} against a running hub over real HTTP, as Gensee would. */
public final class Simulator {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<URI> hubs;
    private final String site;
    private final Pacer pacer;
    private int nextHub;

    /**
     * @param hub   base URL of the hub, e.g. http://localhost:8080
     * @param site  the site key configured in the hub
     * @param pacer how simulated time passes
     */
    public Simulator(URI hub, String site, Pacer pacer) {
        this(List.of(hub), site, pacer);
    }

    /** Several hub instances sharing one database: callbacks go to them in turn (round robin). */
    public Simulator(List<URI> hubs, String site, Pacer pacer) {
        if (hubs.isEmpty()) {
            throw new IllegalArgumentException("no hub URL");
        }
        this.hubs = List.copyOf(hubs);
        this.site = site;
        this.pacer = pacer;
    }

    /** What the hub answered. */
    public record Report(int calls, int acknowledged, List<String> failures) {
        public boolean allAcknowledged() {
            return failures.isEmpty() && acknowledged == calls;
        }
    }

    public Report play(Script script) {
        int calls = 0;
        int acknowledged = 0;
        List<String> failures = new ArrayList<>();
        for (Step step : script.steps()) {
            if (step instanceof Step.Wait wait) {
                pacer.advance(wait.duration());
            } else if (step instanceof Step.Call call) {
                calls++;
                String outcome = send(call);
                if (outcome == null) {
                    acknowledged++;
                } else {
                    failures.add(outcome);
                }
            }
        }
        return new Report(calls, acknowledged, failures);
    }

    /** Sends one callback; returns null when the hub answered 200, else what went wrong. */
    public String send(Step.Call call) {
        URI uri = uri(call.endpoint(), call.params());
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? null
                    : uri.getRawQuery() + " -> " + response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return uri.getRawQuery() + " -> " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return uri.getRawQuery() + " -> interrupted";
        }
    }

    public URI uri(String endpoint, Map<String, String> params) {
        String query = params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        URI hub = hubs.get(nextHub);
        nextHub = (nextHub + 1) % hubs.size();
        return hub.resolve("/gensee/" + encode(site) + "/" + endpoint + "?" + query);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
