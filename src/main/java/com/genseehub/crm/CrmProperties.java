package com.genseehub.crm;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.sinks.crm}: the CRM URLs that receive questions and answers, each with its secret, and
 * whether they also receive each class's summary ({@code class-summary}, read in routes/dispatch.yaml).
 */
@ConfigurationProperties("hub.sinks.crm")
public record CrmProperties(Map<String, Endpoint> endpoints, @DefaultValue("false") boolean classSummary) {

    public CrmProperties {
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
    }

    public record Endpoint(String url, String secret) {
    }
}
