package com.genseehub.reconcile;

import com.genseehub.support.HubTest;
import com.genseehub.support.PostgresTestDatabase;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Reconciliation on the real PostgreSQL at 127.0.0.1:5432 (profile postgres). */
@HubTest
@AutoConfigureObservability // /actuator/prometheus: the reconciliation metric
@ActiveProfiles("postgres")
@Import({PostgresTestDatabase.class, ReconciliationTests.FiguresListener.class})
class PostgresReconciliationTest extends ReconciliationTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry, "hub_reconcile");
        // the server is shared by every cached test context (and other checkouts): a few connections do here
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
    }
}
