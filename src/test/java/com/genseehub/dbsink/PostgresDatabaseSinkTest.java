package com.genseehub.dbsink;

import com.genseehub.support.HubTest;
import com.genseehub.support.PostgresTestDatabase;
import com.genseehub.support.TargetDatabase;
import com.genseehub.support.TcpProxy;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The lms-db sink into a PostgreSQL schema of its own, the hub on PostgreSQL in another schema. */
@HubTest
@ActiveProfiles("postgres")
@Import(PostgresTestDatabase.class)
class PostgresDatabaseSinkTest extends DatabaseSinkTests {

    static final TargetDatabase TARGET = TargetDatabase.postgres("lms_target");
    static final TcpProxy RELAY = TARGET.relay();

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry, "hub_dbsink");
        lmsDb(registry, TARGET, RELAY);
    }

    PostgresDatabaseSinkTest() {
        super(TARGET, RELAY);
    }
}
