package com.genseehub.api;

import java.util.Map;

import com.genseehub.attendance.AttendanceStore;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.journal.Journal;
import com.genseehub.journal.Quarantine;
import com.genseehub.report.LiveTimeStore;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The event journal, the quarantine, and rebuilding the facts from the journal. */
@RestController
@RequestMapping("/api")
public class JournalController {

    private final Journal journal;
    private final Quarantine quarantine;
    private final AttendanceStore facts;
    private final LiveTimeStore liveTime;
    private final TransactionTemplate transactions;

    public JournalController(Journal journal, Quarantine quarantine, AttendanceStore facts, LiveTimeStore liveTime,
                             TransactionTemplate transactions) {
        this.journal = journal;
        this.quarantine = quarantine;
        this.facts = facts;
        this.liveTime = liveTime;
        this.transactions = transactions;
    }

    @GetMapping("/events")
    public Page<CallbackEvent> events(@RequestParam(required = false) String site,
                                      @RequestParam(required = false) String classNo,
                                      @RequestParam(required = false) Integer action,
                                      @RequestParam(defaultValue = "0") int offset,
                                      @RequestParam(defaultValue = "100") int limit) {
        Page.checkedLimit(limit);
        return Page.of(journal.find(site, classNo, action, Math.max(0, offset), limit + 1), offset, limit);
    }

    /** Journaled events the dispatch worker could not apply (they stay in the journal; a rebuild retries them). */
    @GetMapping("/dispatch-failures")
    public Page<Journal.DispatchFailure> dispatchFailures(@RequestParam(defaultValue = "0") int offset,
                                                         @RequestParam(defaultValue = "100") int limit) {
        Page.checkedLimit(limit);
        return Page.of(journal.dispatchFailures(Math.max(0, offset), limit + 1), offset, limit);
    }

    @GetMapping("/quarantine")
    public Page<Quarantine.Entry> quarantine(@RequestParam(defaultValue = "0") int offset,
                                             @RequestParam(defaultValue = "100") int limit) {
        Page.checkedLimit(limit);
        return Page.of(quarantine.newestFirst(Math.max(0, offset), limit + 1), offset, limit);
    }

    /** Counts an operator (or a test) can watch: events waiting to be applied, quarantined requests. */
    @GetMapping("/status")
    public Map<String, Long> status() {
        return Map.of("journalEvents", journal.count(),
                "pendingDispatch", journal.pendingCount(),
                "dispatchFailures", journal.dispatchFailureCount(),
                "quarantined", quarantine.count());
    }

    /**
     * Replays the whole journal: clears every derived fact and applies all events again in order.
     * The facts come out the same, however often it runs.
     */
    @PostMapping("/admin/rebuild")
    public Map<String, Object> rebuild() {
        Integer queued = transactions.execute(status -> {
            journal.lockDispatch();
            facts.clearAll();
            liveTime.clearAll();
            return journal.requeueAll();
        });
        return Map.of("requeued", queued);
    }
}
