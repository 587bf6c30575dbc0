package com.genseehub.retention;

import com.genseehub.support.HubTest;
import com.genseehub.support.PostgresTestDatabase;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Retention and archives on the real PostgreSQL at 127.0.0.1:5432 (profile postgres). */
@HubTest
@AutoConfigureObservability // /actuator/prometheus: the retention metrics
@ActiveProfiles("postgres")
@Import(PostgresTestDatabase.class)
class PostgresRetentionTest extends RetentionTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry, "hub_retention");
        // the server is shared by every cached test context (and other checkouts): a few connections do here
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
    }
}
