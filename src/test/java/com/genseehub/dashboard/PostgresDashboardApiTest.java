package com.genseehub.dashboard;

import com.genseehub.support.HubTest;
import com.genseehub.support.PostgresTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The dashboard API on the real PostgreSQL at 127.0.0.1:5432 (profile postgres). */
@HubTest
@ActiveProfiles("postgres")
@Import(PostgresTestDatabase.class)
class PostgresDashboardApiTest extends DashboardApiTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry, "hub_dash");
    }
}
