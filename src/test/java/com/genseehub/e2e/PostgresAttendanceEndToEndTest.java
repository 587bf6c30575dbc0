package com.genseehub.e2e;

import com.genseehub.support.HubTest;
import com.genseehub.support.PostgresTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same end-to-end scenarios on the real PostgreSQL at 127.0.0.1:5432 (profile postgres). */
@HubTest
@ActiveProfiles("postgres")
@Import(PostgresTestDatabase.class)
class PostgresAttendanceEndToEndTest extends AttendanceEndToEndTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry, "hub_e2e");
    }
}
