package com.genseehub.system;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLog;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings that were renamed: a configuration that still uses the old name keeps working (the value
 * counts under the new name unless that is set too), and the start-up log says what to change.
 */
public class RenamedSettings implements EnvironmentPostProcessor, Ordered {

    /** old name -> new name */
    static final Map<String, String> RENAMED = Map.of(
            // it caps every body posted to /gensee, not only Q&A pushes
            "hub.qa.max-body-bytes", "hub.ingress.max-body-bytes",
            // the daily retention job deletes old quarantine rows, with the journal's and the deliveries'
            "hub.quarantine.max-age", "hub.retention.quarantine");

    private final DeferredLog log;

    public RenamedSettings(DeferredLogFactory logs) {
        this.log = (DeferredLog) logs.getLog(RenamedSettings.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> carried = new LinkedHashMap<>();
        for (Map.Entry<String, String> rename : RENAMED.entrySet()) {
            String value = environment.getProperty(rename.getKey());
            if (value == null) {
                continue;
            }
            if (environment.getProperty(rename.getValue()) == null) {
                carried.put(rename.getValue(), value);
            }
            log.warn("Setting " + rename.getKey() + " is now called " + rename.getValue() + "; the old name still works, "
                    + "change it in application.yaml" + (carried.containsKey(rename.getValue()) ? "" : " (the new name is set too and wins)"));
        }
        if (!carried.isEmpty()) {
            // after every real source: a setting under the new name always wins
            environment.getPropertySources().addLast(new MapPropertySource("renamed settings", carried));
        }
    }

    /** After application.yaml has been read. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
