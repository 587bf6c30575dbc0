package com.genseehub.dbsink;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The target database of every database sink: {@code hub.sinks.<name>.url}, {@code .username},
 * {@code .password}, {@code .pool-size}, {@code .connect-timeout}, {@code .query-timeout-seconds} in application.yaml. A sink with a
 * {@code url} gets a connection pool of its own (see {@link SinkDatabases}); the hub's own database is
 * never used for it. The settings every sink has (enabled, retries) are in
 * {@link com.genseehub.delivery.DeliveryProperties}.
 */
@ConfigurationProperties("hub")
public record DatabaseSinkProperties(Map<String, Target> sinks) {

    public DatabaseSinkProperties {
        sinks = sinks == null ? Map.of() : Map.copyOf(sinks);
    }

    /**
     * @param url            JDBC URL of the integrator's database; null for sinks that are not databases
     * @param poolSize       connections the sink may open at once
     * @param connectTimeout how long a delivery waits for a connection before it fails (and is retried)
     * @param queryTimeoutSeconds a statement running longer fails the delivery; read by the sink's route
     *                       (routes/sinks/lms-db.yaml) and bound here so it is checked at start-up
     */
    public record Target(String url, String username, String password, @DefaultValue("2") int poolSize,
                         @DefaultValue("5s") Duration connectTimeout, @DefaultValue("30") int queryTimeoutSeconds) {
    }
}
