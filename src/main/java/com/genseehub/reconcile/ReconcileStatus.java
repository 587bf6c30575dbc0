package com.genseehub.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.stereotype.Component;

/** The reconciliation of a class as the API and dashboard show it, from the outcome and the schedule. */
@Component
public class ReconcileStatus {

    public static final String PENDING = "pending";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String NOT_CONFIGURED = "not configured";

    /**
     * @param state          pending, done, failed or not configured
     * @param fetchedAt      when Gensee's record last applied was fetched
     * @param message        why the last attempt failed
     * @param nextAttemptAt  when a failed fetch is tried again (null: not scheduled, or done)
     * @param exportSeq      the journal event of the record applied
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record View(String state, Instant fetchedAt, Integer matched, Integer missingJoins, Integer missingLeaves,
                       Integer genseeOnlyUsers, Integer hubOnlyUsers, Integer durationDifferences,
                       Integer ignoredRecords, Integer toleranceSeconds, String message, Integer attempts,
                       Instant nextAttemptAt, Long exportSeq) {
    }

    private final ReconcileStore store;
    private final ReconcileJobs jobs;

    public ReconcileStatus(ReconcileStore store, ReconcileJobs jobs) {
        this.store = store;
        this.jobs = jobs;
    }

    public View of(String site, String classNo) {
        Optional<ReconcileStore.Outcome> outcome = store.outcome(site, classNo);
        List<ReconcileJobs.State> schedule = jobs.ofClass(site, classNo);
        ReconcileJobs.State last = schedule.isEmpty() ? null : schedule.get(0);
        boolean lastFailed = last != null && last.lastError() != null && last.lastAttemptAt() != null
                && (outcome.isEmpty() || last.lastAttemptAt().isAfter(outcome.get().fetchedAt()));
        String state = lastFailed ? FAILED : outcome.isPresent() ? DONE
                : jobs.configured(site) ? PENDING : NOT_CONFIGURED;
        String message = lastFailed ? last.lastError() : null;
        Instant next = lastFailed && last.status().equals("pending") ? last.dueAt() : null;
        Integer attempts = lastFailed ? last.attempts() : null;
        if (outcome.isEmpty()) {
            return new View(state, null, null, null, null, null, null, null, null, null, message, attempts, next, null);
        }
        ReconcileStore.Outcome o = outcome.get();
        Reconciler.Counts c = o.counts();
        return new View(state, o.fetchedAt(), c.matched(), c.missingJoins(), c.missingLeaves(), c.genseeOnlyUsers(),
                c.hubOnlyUsers(), c.durationDifferences(), o.ignoredRecords(), o.toleranceSeconds(), message, attempts,
                next, o.exportSeq());
    }
}
