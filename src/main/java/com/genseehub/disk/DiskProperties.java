package com.genseehub.disk;

import java.nio.file.Path;
import java.time.Duration;

import com.genseehub.home.HubHome;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code hub.disk} in application.yaml.
 *
 * @param folder        the folder whose file system is watched (the data folder)
 * @param minFree       below twice this, the quarantine keeps no bodies; below it, callbacks get 503
 * @param checkInterval how often the free space is read
 */
@ConfigurationProperties("hub.disk")
public record DiskProperties(Path folder, @DefaultValue("1GB") DataSize minFree,
                             @DefaultValue("1s") Duration checkInterval) {

    public DiskProperties {
        folder = folder == null ? HubHome.resolve(null).resolve("data") : folder.toAbsolutePath().normalize();
        if (minFree.isNegative()) {
            throw new IllegalArgumentException("hub.disk.min-free must not be negative");
        }
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("hub.disk.check-interval must be positive");
        }
    }
}
