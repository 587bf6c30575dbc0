package com.genseehub.api;

import java.util.Map;

import com.genseehub.attendance.AttendanceStore;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.journal.DispatchQueue;
import com.genseehub.journal.Journal;
import com.genseehub.journal.JournalArchive;
import com.genseehub.journal.JournalDispatcher;
import com.genseehub.journal.JournalQueries;
import com.genseehub.journal.JournalWriter;
import com.genseehub.quarantine.Quarantine;
import com.genseehub.report.LiveTimeStore;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The event journal, the hub's counters, and rebuilding the facts from the journal. */
@RestController
@RequestMapping("/api")
public class JournalController {

    private final Journal journal;
    private final JournalQueries events;
    private final DispatchQueue dispatch;
    private final Quarantine quarantine;
    private final AttendanceStore facts;
    private final LiveTimeStore liveTime;
    private final TransactionTemplate transactions;
    private final JournalDispatcher dispatcher;
    private final JournalArchive archive;

    public JournalController(Journal journal, JournalQueries events, DispatchQueue dispatch, Quarantine quarantine,
                             AttendanceStore facts, LiveTimeStore liveTime, TransactionTemplate transactions,
                             JournalDispatcher dispatcher, JournalArchive archive) {
        this.journal = journal;
        this.events = events;
        this.dispatch = dispatch;
        this.quarantine = quarantine;
        this.facts = facts;
        this.liveTime = liveTime;
        this.transactions = transactions;
        this.dispatcher = dispatcher;
        this.archive = archive;
    }

    @GetMapping("/events")
    public Page<CallbackEvent> events(@RequestParam(required = false) String site,
                                      @RequestParam(required = false) String classNo,
                                      @RequestParam(required = false) Integer action,
                                      @RequestParam(defaultValue = "0") int offset,
                                      @RequestParam(defaultValue = Page.DEFAULT_LIMIT) int limit) {
        return Page.read(offset, limit, (from, count) -> {
            // an acknowledged callback is listed at once, even while it is on its way from the spool to the table
            journal.awaitReadable();
            return events.find(site, classNo, action, from, count);
        });
    }

    /** Journaled events the dispatch worker could not apply (they stay in the journal; a rebuild retries them). */
    @GetMapping("/dispatch-failures")
    public Page<DispatchQueue.DispatchFailure> dispatchFailures(@RequestParam(defaultValue = "0") int offset,
                                                               @RequestParam(defaultValue = Page.DEFAULT_LIMIT) int limit) {
        return Page.read(offset, limit, dispatch::failures);
    }

    /**
     * Counts an operator (or a test) can watch: events journaled, events waiting to be applied (those
     * on the embedded database's spool not yet in the tables included), dispatch failures, quarantined
     * requests.
     */
    @GetMapping("/status")
    public Map<String, Long> status() {
        // counted as of one moment, so an event moving from the spool to the tables meanwhile counts once
        JournalWriter.Snapshot stored = journal.snapshot();
        long inTables = stored.inTablesUpTo();
        long eventsInTables = stored.inTables().orElseGet(events::count);
        return Map.of("journalEvents", eventsInTables + stored.notYetInTables(),
                "pendingDispatch", dispatch.pendingCountUpTo(inTables) + stored.notYetInTables(),
                "dispatchFailures", dispatch.failureCount(),
                "quarantined", quarantine.count());
    }

    /**
     * Replays the whole journal: clears every derived fact and applies all events again in order, the
     * archived ones (hub.retention.journal) first, in this call, then the journal's rows (queued for the
     * dispatch worker). The facts come out the same, however often it runs.
     */
    @PostMapping("/admin/rebuild")
    public Map<String, Object> rebuild() {
        return transactions.execute(status -> {
            dispatch.lock();
            facts.clearAll();
            liveTime.clearAll();
            // the archived events first (older than the journal's), then the journal's rows by the dispatch worker
            JournalDispatcher.Replayed archived = dispatcher.replayArchive(archive);
            int queued = dispatch.requeueAll();
            return Map.of("fromArchive", archived.applied(), "archiveFailures", archived.failed(), "requeued", queued);
        });
    }
}
