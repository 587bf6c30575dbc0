package com.genseehub.reconcile;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import com.genseehub.api.NotFoundException;
import com.genseehub.attendance.AttendanceStore;
import com.genseehub.attendance.ClassSession;
import com.genseehub.journal.DispatchQueue;
import com.genseehub.journal.Journal;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/sessions/{site}/{classNo}/reconcile}: fetches Gensee's record of the class now, waits
 * until it is applied and answers the outcome: 200 done, 502 failed (with Gensee's or the network's
 * message; retried later as any failed fetch), 409 when the site has no API account or the class's
 * record is being fetched already, 202 when it was fetched but not applied yet.
 */
@RestController
@RequestMapping("/api")
public class ReconcileController {

    static final String JOB_ENDPOINT = "direct:reconcile-job";
    private static final Duration APPLY_WAIT = Duration.ofSeconds(30);

    private final AttendanceStore attendance;
    private final ReconcileJobs jobs;
    private final ReconcileStatus status;
    private final Journal journal;
    private final DispatchQueue dispatchQueue;
    private final ProducerTemplate producer;

    public ReconcileController(AttendanceStore attendance, ReconcileJobs jobs, ReconcileStatus status, Journal journal, DispatchQueue dispatchQueue,
                               ProducerTemplate producer) {
        this.attendance = attendance;
        this.jobs = jobs;
        this.status = status;
        this.journal = journal;
        this.dispatchQueue = dispatchQueue;
        this.producer = producer;
    }

    @PostMapping("/sessions/{site}/{classNo}/reconcile")
    public ResponseEntity<?> reconcile(@PathVariable String site, @PathVariable String classNo) throws InterruptedException {
        ClassSession session = attendance.session(site, classNo)
                .orElseThrow(() -> new NotFoundException("no session " + classNo + " on site " + site));
        if (!jobs.configured(site)) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(status.of(site, classNo));
        }
        Optional<ReconcileJob> job = jobs.claimNow(site, classNo, session.stoppedAt());
        if (job.isEmpty()) {
            return ResponseEntity.status(HttpStatus.CONFLICT)
                    .body(Map.of("error", "Gensee's record of this class is being fetched already"));
        }
        producer.sendBody(JOB_ENDPOINT, job.get());
        ReconcileJobs.State after = jobs.get(job.get().id()).orElseThrow();
        if (after.exportSeq() != null && after.status().equals("done") && !applied(after.exportSeq())) {
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(status.of(site, classNo));
        }
        ReconcileStatus.View view = status.of(site, classNo);
        return ResponseEntity.status(view.state().equals(ReconcileStatus.DONE) ? HttpStatus.OK : HttpStatus.BAD_GATEWAY)
                .body(view);
    }

    /** Waits (a while) until the dispatch worker has applied the journal event. */
    private boolean applied(long seq) throws InterruptedException {
        long deadline = System.nanoTime() + APPLY_WAIT.toNanos();
        // on its way from the spool to the tables the event is not in the queue yet
        journal.awaitReadable();
        while (dispatchQueue.isPending(seq)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
