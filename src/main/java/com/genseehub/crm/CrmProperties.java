package com.genseehub.crm;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code hub.sinks.crm.endpoints}: the CRM URLs that receive questions and answers, each with its secret. */
@ConfigurationProperties("hub.sinks.crm")
public record CrmProperties(Map<String, Endpoint> endpoints) {

    public CrmProperties {
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
    }

    public record Endpoint(String url, String secret) {
    }
}
