package com.genseehub.disk;

import java.util.Locale;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** The health component {@code disk}: DOWN below {@code hub.disk.min-free} (callbacks get 503). */
@Component
public class DiskHealthIndicator implements HealthIndicator {

    private final DiskGuard guard;

    public DiskHealthIndicator(DiskGuard guard) {
        this.guard = guard;
    }

    @Override
    public Health health() {
        Health.Builder health = guard.acceptsCallbacks() ? Health.up() : Health.down();
        return health.withDetail("folder", guard.folder())
                .withDetail("freeBytes", guard.freeBytes())
                .withDetail("minFreeBytes", guard.minFreeBytes())
                .withDetail("state", guard.level().name().toLowerCase(Locale.ROOT))
                .build();
    }
}
