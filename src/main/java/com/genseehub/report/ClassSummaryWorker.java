package com.genseehub.report;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import com.genseehub.system.BackgroundThreads;
import com.genseehub.journal.Journal;
import com.genseehub.journal.JournalQueries;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Journals each class summary that is due as an event of kind {@code summary}; routes/dispatch.yaml then
 * sends it to the sinks like any event. Runs on the {@code Clock} bean, every {@code hub.report.poll-interval}.
 * Several hub instances share the work through a claim on the row; a summary whose event is already in
 * the journal (the hub stopped between the two writes) is not journaled again.
 */
@Component
public class ClassSummaryWorker {

    private static final Logger log = LoggerFactory.getLogger(ClassSummaryWorker.class);
    private static final int BATCH = 20;

    private final ClassSummaryStore store;
    private final ClassSummaries summaries;
    private final Journal journal;
    private final JournalQueries journalQueries;
    private final ReportProperties settings;
    private final Clock clock;
    private ScheduledExecutorService poller;

    public ClassSummaryWorker(ClassSummaryStore store, ClassSummaries summaries, Journal journal, JournalQueries journalQueries,
                              ReportProperties settings, Clock clock) {
        this.store = store;
        this.summaries = summaries;
        this.journal = journal;
        this.journalQueries = journalQueries;
        this.settings = settings;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (poller != null) {
            return;
        }
        poller = Executors.newSingleThreadScheduledExecutor(BackgroundThreads.named("class-summary"));
        long every = settings.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::journalDueQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }

    private void journalDueQuietly() {
        try {
            journalDue();
        } catch (RuntimeException e) {
            log.warn("Class summaries paused until the next poll: {}", e.toString());
        }
    }

    /** Journals the summaries due now; returns how many. */
    public int journalDue() {
        int journaled = 0;
        Instant now = clock.instant();
        for (ClassSummaryStore.Schedule due : store.due(now, BATCH)) {
            if (store.claim(due, now, now.plus(settings.claimTimeout()))) {
                CallbackEvent event = alreadyJournaled(due).orElseGet(() -> journal.append(event(due, now)));
                store.journaled(due, event.seq(), summaries.figures(due.site(), due.classNo()));
                log.info("Class summary of {} on site {} journaled (seq {}, {}, run {})", due.classNo(), due.site(),
                        event.seq(), due.reason(), due.run());
                journaled++;
            }
        }
        return journaled;
    }

    private Optional<CallbackEvent> alreadyJournaled(ClassSummaryStore.Schedule due) {
        String generation = String.valueOf(due.generation());
        // a summary appended just before a crash is in the tables once the spool is loaded
        journal.awaitReadable();
        return journalQueries.ofClass(due.site(), CallbackKind.SUMMARY, due.classNo()).stream()
                .filter(event -> generation.equals(event.params().get("generation")))
                .findFirst();
    }

    private static CallbackEvent event(ClassSummaryStore.Schedule due, Instant now) {
        return new CallbackEvent(null, now, due.site(), CallbackKind.SUMMARY, due.classNo(), null, null, null,
                Map.of("site", due.site(), "classNo", due.classNo(), "reason", due.reason(),
                        "run", String.valueOf(due.run()), "generation", String.valueOf(due.generation())));
    }
}
