package com.genseehub.retention;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntUnaryOperator;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.delivery.DeliveryStore;
import com.genseehub.journal.JournalArchive;
import com.genseehub.journal.JournalRetention;
import com.genseehub.quarantine.Quarantine;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The daily retention job ({@code retentionJob} in routes/retention.yaml): journal events received before
 * {@code hub.retention.journal} are written to the archive and then deleted, done deliveries older than
 * {@code hub.retention.deliveries} and quarantined requests older than {@code hub.retention.quarantine}
 * are deleted. Everything in batches of {@code hub.retention.batch-size}, each its own short
 * transaction; callbacks never wait for it. Facts stay. One INFO line per run; the rows are counted in
 * {@code hub_retention_archived_total} and {@code hub_retention_removed_total}, tagged by table.
 */
@Component("retentionJob")
public class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final RetentionProperties settings;
    private final RetentionSchedule schedule;
    private final RetentionRuns runs;
    private final JournalRetention journal;
    private final JournalArchive archive;
    private final DeliveryStore deliveries;
    private final Quarantine quarantine;
    private final MeterRegistry meters;
    private final Clock clock;

    public RetentionJob(RetentionProperties settings, RetentionRuns runs, JournalRetention journal, JournalArchive archive,
                        DeliveryStore deliveries, Quarantine quarantine, MeterRegistry meters, Clock clock) {
        this.settings = settings;
        this.schedule = new RetentionSchedule(settings.schedule(), settings.timeZone());
        this.runs = runs;
        this.journal = journal;
        this.archive = archive;
        this.deliveries = deliveries;
        this.quarantine = quarantine;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * What one run did.
     *
     * @param archived           journal events written to the archive
     * @param journalRemoved     journal events deleted from the database
     * @param deliveriesRemoved  done deliveries deleted
     * @param quarantineRemoved  quarantined requests deleted
     */
    public record Outcome(long archived, long journalRemoved, long deliveriesRemoved, long quarantineRemoved) {
    }

    /** Runs the job when hub.retention.schedule says it is due (the route asks every minute). */
    public Optional<Outcome> runIfDue() {
        Instant now = clock.instant();
        return schedule.due(runs.lastRun(now), now) ? run() : Optional.empty();
    }

    /** Runs the job now, unless another hub instance is running it (then empty). */
    public Optional<Outcome> run() {
        Instant startedAt = clock.instant();
        if (!runs.claim(startedAt, startedAt.plus(settings.lease()))) {
            log.info("Retention: another hub instance is running it");
            return Optional.empty();
        }
        try {
            // deliveries first: a journal event leaves only once no delivery refers to it
            long deliveriesRemoved = removeDeliveries(startedAt.minus(settings.deliveries()));
            long[] journalCounts = archiveJournal(startedAt.minus(settings.journal()));
            long quarantineRemoved = removeQuarantine(startedAt.minus(settings.quarantine()));
            Outcome outcome = new Outcome(journalCounts[0], journalCounts[1], deliveriesRemoved, quarantineRemoved);
            log.info("Retention: {} journal events archived to {}, {} deleted; {} done deliveries and {} quarantined "
                            + "requests deleted", outcome.archived(), archive.directory(), outcome.journalRemoved(),
                    outcome.deliveriesRemoved(), outcome.quarantineRemoved());
            return Optional.of(outcome);
        } finally {
            runs.finished(startedAt);
        }
    }

    private long removeDeliveries(Instant before) {
        return removeInBatches("delivery", limit -> deliveries.deleteDoneBefore(before, limit));
    }

    private long removeQuarantine(Instant before) {
        return removeInBatches("quarantine", limit -> quarantine.deleteReceivedBefore(before, limit));
    }

    /** Deletes batch after batch until one comes back short; returns how many rows went. */
    private long removeInBatches(String table, IntUnaryOperator deleteBatch) {
        long removed = 0;
        int batch;
        do {
            batch = deleteBatch.applyAsInt(settings.batchSize());
            count("removed", table, batch);
            removed += batch;
        } while (batch == settings.batchSize());
        return removed;
    }

    /**
     * The events that may leave, in sequence order, a UTC day at a time: the day's file is written once
     * (merged with what it holds), then the day's events are deleted in batches.
     */
    private long[] archiveJournal(Instant before) {
        long[] counts = new long[2];
        List<CallbackEvent> day = new ArrayList<>();
        long after = 0;
        List<CallbackEvent> batch;
        do {
            batch = journal.archivable(before, after, settings.batchSize());
            for (CallbackEvent event : batch) {
                if (!day.isEmpty() && !utcDay(event).equals(utcDay(day.get(0)))) {
                    archiveDay(day, counts);
                    day = new ArrayList<>();
                }
                day.add(event);
                after = event.seq();
            }
        } while (batch.size() == settings.batchSize());
        archiveDay(day, counts);
        return counts;
    }

    private void archiveDay(List<CallbackEvent> events, long[] counts) {
        if (events.isEmpty()) {
            return;
        }
        // on the device before the rows go; lines already in the file (an earlier run that stopped before
        // deleting) are not written twice
        archive.write(events);
        count("archived", "journal_event", events.size());
        counts[0] += events.size();
        for (int from = 0; from < events.size(); from += settings.batchSize()) {
            List<Long> seqs = events.subList(from, Math.min(events.size(), from + settings.batchSize())).stream()
                    .map(CallbackEvent::seq).toList();
            int deleted = journal.delete(seqs);
            count("removed", "journal_event", deleted);
            counts[1] += deleted;
        }
    }

    private void count(String what, String table, long rows) {
        if (rows > 0) {
            meters.counter("hub.retention." + what, "table", table).increment(rows);
        }
    }

    private static LocalDate utcDay(CallbackEvent event) {
        return LocalDate.ofInstant(event.receivedAt(), ZoneOffset.UTC);
    }
}
