package com.genseehub.support;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * An integrator's own database for the database sink tests, on a real server: MariaDB at
 * 127.0.0.1:3306 (user root, empty password; database {@code test}, or {@code HUB_TEST_MARIADB_DATABASE})
 * or a schema of its own in the PostgreSQL of {@link PostgresTestDatabase}. Its tables are made from
 * the DDL the docs give (docs/database-sink/*.sql). A server that is down fails the test.
 */
public final class TargetDatabase {

    public static final String MARIADB_DATABASE = System.getenv().getOrDefault("HUB_TEST_MARIADB_DATABASE", "test");

    private final String host;
    private final int port;
    private final String path;
    private final String username;
    private final DataSource direct;

    private TargetDatabase(String host, int port, String path, String username) {
        this.host = host;
        this.port = port;
        this.path = path;
        this.username = username;
        this.direct = new DriverManagerDataSource(url(port), username, "");
    }

    /** The MariaDB database; its tables made afresh from docs/database-sink/mysql.sql. */
    public static TargetDatabase mariaDb() {
        execute(new DriverManagerDataSource("jdbc:mariadb://127.0.0.1:3306/", "root", ""),
                "create database if not exists " + MARIADB_DATABASE + " character set utf8mb4");
        TargetDatabase target = new TargetDatabase("jdbc:mariadb://", 3306, "/" + MARIADB_DATABASE, "root");
        execute(target.direct, "drop table if exists gensee_event, gensee_attendance, gensee_attendance_gone");
        target.create(Path.of("docs", "database-sink", "mysql.sql"));
        return target;
    }

    /** A PostgreSQL schema of its own; its tables made afresh from docs/database-sink/postgresql.sql. */
    public static TargetDatabase postgres(String schema) {
        execute(new DriverManagerDataSource(PostgresTestDatabase.URL, "postgres", ""),
                "drop schema if exists " + schema + " cascade", "create schema " + schema);
        TargetDatabase target = new TargetDatabase("jdbc:postgresql://", 5432,
                "/" + PostgresTestDatabase.DATABASE + "?currentSchema=" + schema, "postgres");
        target.create(Path.of("docs", "database-sink", "postgresql.sql"));
        return target;
    }

    /** The JDBC URL of the database through another port (a {@link TcpProxy} in front of it). */
    public String url(int viaPort) {
        return host + "127.0.0.1:" + viaPort + path;
    }

    /** A relay in front of the server that the test can cut (point the sink at {@code url(relay.port())}). */
    public TcpProxy relay() {
        try {
            return new TcpProxy("127.0.0.1", port);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String username() {
        return username;
    }

    /** Straight to the server (not through any relay). */
    public DataSource dataSource() {
        return direct;
    }

    private void create(Path ddl) {
        new ResourceDatabasePopulator(new FileSystemResource(ddl)).execute(direct);
    }

    private static void execute(DataSource dataSource, String... statements) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("target database: " + e.getMessage(), e);
        }
    }
}
