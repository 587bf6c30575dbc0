package com.genseehub.api;

import com.genseehub.support.HubTest;
import com.genseehub.support.PostgresTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Paging on the real PostgreSQL at 127.0.0.1:5432 (profile postgres). */
@HubTest
@ActiveProfiles("postgres")
@Import(PostgresTestDatabase.class)
class PostgresPagingTest extends PagingTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry, "hub_paging");
    }
}
