package com.genseehub.qa;

import com.genseehub.support.HubTest;
import com.genseehub.support.PostgresTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same Q&A scenarios on the real PostgreSQL at 127.0.0.1:5432 (profile postgres, schema hub_qa). */
@HubTest
@ActiveProfiles("postgres")
@Import(PostgresTestDatabase.class)
class PostgresQaEndpointsTest extends QaEndpointsTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry, "hub_qa");
    }
}
