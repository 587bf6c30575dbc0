package com.genseehub.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class RenamedSettingsTest {

    private final RenamedSettings renamed = new RenamedSettings(new DeferredLogs());

    @Test
    void theOldNameStillSetsTheNewOne() {
        StandardEnvironment environment = environment(Map.of("hub.qa.max-body-bytes", "64KB"));
        renamed.postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("hub.ingress.max-body-bytes")).isEqualTo("64KB");
    }

    @Test
    void theNewNameWinsWhenBothAreSet() {
        StandardEnvironment environment = environment(Map.of("hub.qa.max-body-bytes", "64KB",
                "hub.ingress.max-body-bytes", "512KB"));
        renamed.postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("hub.ingress.max-body-bytes")).isEqualTo("512KB");
    }

    @Test
    void withoutTheOldNameNothingChanges() {
        StandardEnvironment environment = environment(Map.of("hub.ingress.port", "8080"));
        renamed.postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("hub.ingress.max-body-bytes")).isNull();
        assertThat(environment.getPropertySources().contains("renamed settings")).isFalse();
    }

    @Test
    void theShippedConfigurationUsesNoOldName() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("shipped", new FileSystemResource("application.yaml"))
                .forEach(environment.getPropertySources()::addLast);
        assertThat(environment.getProperty("hub.ingress.max-body-bytes")).as("the shipped file is read").isNotNull();
        assertThat(RenamedSettings.RENAMED.keySet()).allSatisfy(old -> assertThat(environment.containsProperty(old))
                .as("%s in application.yaml", old).isFalse());
    }

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application.yaml", settings));
        return environment;
    }
}
