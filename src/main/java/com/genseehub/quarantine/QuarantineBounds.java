package com.genseehub.quarantine;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.genseehub.system.BackgroundThreads;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps the quarantine within {@code hub.quarantine.max-rows}: every minute the oldest rows beyond it
 * are deleted and counted ({@code hub_quarantine_dropped_total}). Rows older than
 * {@code hub.retention.quarantine} leave with the daily retention job.
 */
@Component
public class QuarantineBounds {

    private static final Logger log = LoggerFactory.getLogger(QuarantineBounds.class);

    private final Quarantine quarantine;
    private final QuarantineProperties settings;
    private final MeterRegistry meters;
    private final ScheduledExecutorService timer;

    public QuarantineBounds(Quarantine quarantine, QuarantineProperties settings, MeterRegistry meters) {
        this.quarantine = quarantine;
        this.settings = settings;
        this.meters = meters;
        this.timer = Executors.newSingleThreadScheduledExecutor(BackgroundThreads.named("quarantine-bounds"));
        timer.scheduleWithFixedDelay(this::enforceQuietly, 1, 1, TimeUnit.MINUTES);
    }

    /** Deletes what is beyond the bounds; returns how many rows went. */
    public int enforce() {
        int tooMany = quarantine.deleteOldestBeyond(settings.maxRows());
        if (tooMany > 0) {
            meters.counter("hub.quarantine.dropped", "reason", "max-rows").increment(tooMany);
            log.info("Quarantine: deleted the {} oldest rows beyond hub.quarantine.max-rows={}", tooMany, settings.maxRows());
        }
        return tooMany;
    }

    private void enforceQuietly() {
        try {
            enforce();
        } catch (RuntimeException e) {
            log.warn("Quarantine bounds not enforced, will retry: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
