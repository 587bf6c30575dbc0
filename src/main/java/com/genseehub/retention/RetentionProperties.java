package com.genseehub.retention;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.retention} in application.yaml: how long the database keeps what grows with traffic.
 *
 * @param journal          journal events received longer ago are written to the archive, then deleted
 * @param deliveries       done deliveries delivered longer ago are deleted; a rebuild enqueues no delivery
 *                         for an event received longer ago (nor longer than {@code journal} ago)
 * @param quarantine       quarantined requests received longer ago are deleted
 * @param schedule         when the job runs: a cron expression (second minute hour day month weekday) in
 *                         {@code timeZone}; "-" never (only through POST /api/admin/retention)
 * @param timeZone         the zone of {@code schedule}
 * @param batchSize        rows per database transaction
 * @param archiveDirectory where the daily archive files of the journal go
 * @param lease            a run one hub instance began is left to it this long before another may run
 */
@ConfigurationProperties("hub.retention")
public record RetentionProperties(@DefaultValue("90d") Duration journal, @DefaultValue("14d") Duration deliveries,
                                  @DefaultValue("30d") Duration quarantine,
                                  @DefaultValue("0 30 3 * * *") String schedule,
                                  @DefaultValue("Asia/Shanghai") ZoneId timeZone,
                                  @DefaultValue("1000") int batchSize,
                                  @DefaultValue("data/archive") Path archiveDirectory,
                                  @DefaultValue("6h") Duration lease) {

    public RetentionProperties {
        // a batch's sequence numbers go into one statement; PostgreSQL's driver takes at most 32,767 values
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("hub.retention.batch-size must be from 1 to 10000, not " + batchSize);
        }
    }

    /**
     * Events received before this get no delivery: what the sinks received that long ago is not sent
     * again when a rebuild replays the journal (its deliveries may be gone, or its event archived).
     */
    public Instant noDeliveriesBefore(Instant now) {
        return now.minus(deliveries.compareTo(journal) < 0 ? deliveries : journal);
    }
}
