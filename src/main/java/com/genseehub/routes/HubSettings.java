package com.genseehub.routes;

import com.genseehub.home.HubHome;
import org.apache.camel.spi.PropertiesSource;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The hub's settings without the hub: application.yaml of the home folder, profiles, environment
 * variables and --key=value arguments, read by Spring Boot's own rules, so that route files can be
 * checked and tested on their own.
 */
public final class HubSettings {

    private HubSettings() {
    }

    /**
     * @throws HubHome.MissingConfigurationException the home folder has no application.yaml
     * @throws RuntimeException                      application.yaml cannot be read (e.g. a YAML syntax error)
     */
    public static ConfigurableEnvironment load(String... args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        new HubHome().postProcessEnvironment(environment, null);
        ConfigDataEnvironmentPostProcessor.applyTo(environment);
        return environment;
    }

    /** Camel's {{placeholders}} resolved from these settings, as in the running hub. */
    public static PropertiesSource camelProperties(ConfigurableEnvironment environment) {
        return new PropertiesSource() {
            @Override
            public String getName() {
                return "hub settings";
            }

            @Override
            public String getProperty(String name) {
                return environment.getProperty(name);
            }
        };
    }
}
