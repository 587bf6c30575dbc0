package com.genseehub.home;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The hub's home folder: where application.yaml, routes/ and data/ live. {@code --hub.home=<dir>}
 * (or HUB_HOME), else the working folder. Runs before Spring Boot reads its configuration files, so
 * that application.yaml is read from the home folder only (the copy inside the jar is a template for
 * {@code init}, never read as configuration), and {@code ${hub.home}} in application.yaml is the home
 * folder as an absolute path.
 */
public class HubHome implements EnvironmentPostProcessor, Ordered {

    public static final String PROPERTY = "hub.home";
    public static final String CONFIG_FILE = "application.yaml";
    private static final String CONFIG_LOCATION = "spring.config.location";

    /** Before Spring Boot's ConfigDataEnvironmentPostProcessor (HIGHEST_PRECEDENCE + 10). */
    private static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Path home = resolve(environment.getProperty(PROPERTY));
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(PROPERTY, slashes(home));
        if (!environment.containsProperty(CONFIG_LOCATION)) {
            if (!Files.isRegularFile(home.resolve(CONFIG_FILE))) {
                throw new MissingConfigurationException(home);
            }
            // Spring Boot's default locations with the working folder replaced by the home folder
            String folder = "optional:file:" + slashes(home) + "/";
            properties.put(CONFIG_LOCATION, String.join(",", "optional:classpath:/", "optional:classpath:/config/",
                    folder, folder + "config/", folder + "config/*/"));
        }
        environment.getPropertySources().addFirst(new MapPropertySource("hubHome", properties));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** The home folder for a {@code hub.home} value (null: the working folder), absolute. */
    public static Path resolve(String configured) {
        Path home = configured == null || configured.isBlank() ? Path.of("") : Path.of(configured);
        return home.toAbsolutePath().normalize();
    }

    /** Forward slashes, as file: URLs, the H2 URL and Camel's include patterns want them. */
    private static String slashes(Path path) {
        return path.toString().replace('\\', '/');
    }

    /** No application.yaml in the home folder: the hub would run with none of its settings. */
    public static class MissingConfigurationException extends IllegalStateException {

        private final Path home;

        MissingConfigurationException(Path home) {
            super("No " + CONFIG_FILE + " in " + home + " (the hub's home folder: --hub.home, or the working folder)");
            this.home = home;
        }

        public Path home() {
            return home;
        }
    }
}
