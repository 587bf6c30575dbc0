package com.genseehub.support;

import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The real PostgreSQL the tests need (127.0.0.1:5432, database test, user postgres, trust auth;
 * .ci/run starts it). Each test class gets its own schema, emptied before the migrations run. If
 * the server is down the context fails to start: the test fails, it is never skipped.
 * {@code HUB_TEST_PGDATABASE} names another database of that server (so that two checkouts can run
 * their suites at the same time without sharing schemas).
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresTestDatabase {

    public static final String DATABASE = System.getenv().getOrDefault("HUB_TEST_PGDATABASE", "test");
    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;

    public static void register(DynamicPropertyRegistry registry, String schema) {
        registry.add("spring.datasource.url", () -> URL + "?currentSchema=" + schema);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.schemas", () -> schema);
        registry.add("spring.flyway.clean-disabled", () -> "false");
        // the suite keeps every test context open: idle pools give their connections back, or together
        // they exceed the server's max_connections (100)
        registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
        registry.add("spring.datasource.hikari.idle-timeout", () -> "10000");
    }

    @Bean
    FlywayMigrationStrategy cleanThenMigrate() {
        return flyway -> {
            flyway.clean();
            flyway.migrate();
        };
    }
}
