package com.genseehub.retention;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code retention_run} row: when the job last ran, and the lease of the hub instance running it, so
 * that of several instances sharing the database one runs it at a time.
 */
@Repository
public class RetentionRuns {

    private static final String NAME = "retention";

    private final JdbcClient jdbc;

    public RetentionRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** When the job last ran; a hub that never ran it counts from now (the first run is the next scheduled one). */
    public Instant lastRun(Instant now) {
        Optional<OffsetDateTime> last = jdbc.sql("select last_run_at from retention_run where name = ?").param(NAME)
                .query(OffsetDateTime.class).optional();
        if (last.isPresent()) {
            return last.get().toInstant();
        }
        try {
            jdbc.sql("insert into retention_run (name, last_run_at) values (?, ?)").params(NAME, utc(now)).update();
        } catch (org.springframework.dao.DuplicateKeyException e) {
            // another instance inserted it at the same moment
        }
        return lastRun(now);
    }

    /** Takes the lease until {@code until} unless another instance holds one; true when taken. */
    public boolean claim(Instant now, Instant until) {
        lastRun(now);
        return jdbc.sql("""
                update retention_run set claimed_until = ?
                where name = ? and (claimed_until is null or claimed_until < ?)""")
                .params(utc(until), NAME, utc(now)).update() > 0;
    }

    /** The run that began at {@code startedAt} is over: gives the lease back. */
    public void finished(Instant startedAt) {
        jdbc.sql("update retention_run set last_run_at = ?, claimed_until = null where name = ?")
                .params(utc(startedAt), NAME).update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
