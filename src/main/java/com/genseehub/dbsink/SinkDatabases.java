package com.genseehub.dbsink;

import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One connection pool per database sink ({@code hub.sinks.<name>.url}), in Camel's registry as
 * {@code <name>-database} for the database-sink Kamelet. The pools open no connection before the first
 * delivery and start even when the database is down: an unreachable database fails deliveries (which are
 * retried), never the hub.
 */
@Component
public class SinkDatabases implements CamelContextConfiguration, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SinkDatabases.class);
    static final String SUFFIX = "-database";

    private final DatabaseSinkProperties properties;
    private final List<HikariDataSource> pools = new ArrayList<>();

    public SinkDatabases(DatabaseSinkProperties properties) {
        this.properties = properties;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        properties.sinks().forEach((sink, target) -> {
            if (target.url() != null && !target.url().isBlank()) {
                HikariDataSource pool = pool(sink, target);
                pools.add(pool);
                camel.getRegistry().bind(sink + SUFFIX, pool);
                log.info("Database sink {}: {} (pool of {})", sink, pool.getJdbcUrl(), target.poolSize());
            }
        });
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing to do once started
    }

    private static HikariDataSource pool(String sink, DatabaseSinkProperties.Target target) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("sink-" + sink);
        pool.setJdbcUrl(target.url());
        pool.setUsername(target.username());
        pool.setPassword(target.password());
        pool.setMaximumPoolSize(target.poolSize());
        // no idle connections kept open in the integrator's database
        pool.setMinimumIdle(0);
        pool.setConnectionTimeout(target.connectTimeout().toMillis());
        // start without connecting: the database may be down when the hub starts
        pool.setInitializationFailTimeout(-1);
        return pool;
    }

    @Override
    public void destroy() {
        pools.forEach(HikariDataSource::close);
    }
}
