package com.genseehub.reconcile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.config.HubProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The durable schedule of reconciliations (table reconcile_job): made when a class stops (from
 * routes/dispatch.yaml, in the transaction of the 105), by the sweep and on demand; claimed by the
 * poller of routes/reconcile.yaml; done when Gensee's record is journaled, or retried with backoff.
 * Hub instances sharing a database claim each job once (a conditional update), and a claim that
 * neither finished nor failed (the hub died) is taken again after {@code hub.reconcile.lease}.
 */
@Component
public class ReconcileJobs {

    private static final Logger log = LoggerFactory.getLogger(ReconcileJobs.class);

    /** The schedule as an operator sees it: a job's state, attempts, error and next attempt. */
    public record State(long id, int pass, String status, int attempts, Instant dueAt, Instant lastAttemptAt,
                        String lastError, Long exportSeq) {
    }

    private final JdbcClient jdbc;
    private final HubProperties hub;
    private final ReconcileProperties settings;
    private final Clock clock;
    private final MeterRegistry meters;

    public ReconcileJobs(JdbcClient jdbc, HubProperties hub, ReconcileProperties settings, Clock clock,
                         MeterRegistry meters) {
        this.jdbc = jdbc;
        this.hub = hub;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    /** True when the site has an account on Gensee's API configured. */
    public boolean configured(String site) {
        HubProperties.Site s = hub.sites().get(site);
        return s != null && s.genseeApi() != null;
    }

    /**
     * Dispatch of a 105: the class's two passes, due after the delay and the second-pass delay. A replay
     * of the same stop (a rebuild) changes nothing; a later stop of the same ClassNo schedules anew.
     */
    public void classStopped(CallbackEvent stop) {
        if (!configured(stop.site())) {
            return;
        }
        schedule(stop.site(), ReconcileJob.CLASS, stop.classNo(), 1, stop.receivedAt(),
                stop.receivedAt().plus(settings.delay()));
        schedule(stop.site(), ReconcileJob.CLASS, stop.classNo(), 2, stop.receivedAt(),
                stop.receivedAt().plus(settings.secondPass()));
    }

    private void schedule(String site, String kind, String target, int pass, Instant stoppedAt, Instant due) {
        int updated = jdbc.sql("""
                update reconcile_job set stopped_at = ?, status = 'pending', due_at = ?, attempts = 0,
                last_attempt_at = null, last_error = null
                where site = ? and kind = ? and target = ? and pass = ?
                  and (stopped_at is null or stopped_at <> ?)""")
                .params(ReconcileStore.utc(stoppedAt), ReconcileStore.utc(due), site, kind, target, pass,
                        ReconcileStore.utc(stoppedAt))
                .update();
        if (updated == 0 && find(site, kind, target, pass).isEmpty()) {
            jdbc.sql("""
                    insert into reconcile_job (site, kind, target, pass, stopped_at, status, due_at)
                    values (?, ?, ?, ?, ?, 'pending', ?)""")
                    .params(site, kind, target, pass, ReconcileStore.utc(stoppedAt), ReconcileStore.utc(due))
                    .update();
        }
    }

    /**
     * Takes the due jobs (at most hub.reconcile.calls-per-poll) for this instance: pending ones whose
     * time has come, and running ones whose lease ran out (the hub running them stopped). Jobs of a site
     * whose API account was removed wait: nothing is asked without an account.
     */
    public List<ReconcileJob> claimDue() {
        List<String> sites = hub.sites().entrySet().stream().filter(site -> site.getValue().genseeApi() != null)
                .map(Map.Entry::getKey).toList();
        if (sites.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<ReconcileJob> due = jdbc.sql("""
                select * from reconcile_job where status in ('pending', 'running') and due_at <= :now
                and site in (:sites) order by due_at, id fetch first :limit rows only""")
                .param("now", ReconcileStore.utc(now)).param("sites", sites).param("limit", settings.callsPerPoll())
                .query((rs, row) -> job(rs))
                .list();
        List<ReconcileJob> claimed = new ArrayList<>();
        for (ReconcileJob job : due) {
            claim(job, now).ifPresent(claimed::add);
        }
        return claimed;
    }

    private Optional<ReconcileJob> claim(ReconcileJob job, Instant now) {
        int taken = jdbc.sql("""
                update reconcile_job set status = 'running', attempts = attempts + 1, last_attempt_at = ?, due_at = ?,
                last_error = null where id = ? and status in ('pending', 'running') and attempts = ? and due_at <= ?""")
                .params(ReconcileStore.utc(now), ReconcileStore.utc(now.plus(settings.lease())), job.id(),
                        job.attempts(), ReconcileStore.utc(now))
                .update();
        if (taken == 0) {
            return Optional.empty();
        }
        return Optional.of(new ReconcileJob(job.id(), job.site(), job.kind(), job.target(), job.pass(),
                job.stoppedAt(), job.attempts() + 1));
    }

    /**
     * On demand (the API): the class's pass-0 job, claimed for the caller in one statement (so the poller
     * cannot take it meanwhile). Empty while another caller is running it.
     */
    public Optional<ReconcileJob> claimNow(String site, String classNo, Instant stoppedAt) {
        Instant now = clock.instant();
        Instant leaseEnd = now.plus(settings.lease());
        int claimed = jdbc.sql("""
                update reconcile_job set stopped_at = ?, status = 'running', attempts = 1, last_attempt_at = ?,
                due_at = ?, last_error = null
                where site = ? and kind = 'class' and target = ? and pass = 0 and (status <> 'running' or due_at <= ?)""")
                .params(ReconcileStore.utc(stoppedAt), ReconcileStore.utc(now), ReconcileStore.utc(leaseEnd), site,
                        classNo, ReconcileStore.utc(now))
                .update();
        if (claimed == 0) {
            if (find(site, ReconcileJob.CLASS, classNo, 0).isPresent()) {
                return Optional.empty();
            }
            try {
                jdbc.sql("""
                        insert into reconcile_job (site, kind, target, pass, stopped_at, status, due_at, attempts,
                        last_attempt_at) values (?, 'class', ?, 0, ?, 'running', ?, 1, ?)""")
                        .params(site, classNo, ReconcileStore.utc(stoppedAt), ReconcileStore.utc(leaseEnd),
                                ReconcileStore.utc(now))
                        .update();
            } catch (DuplicateKeyException anotherCallerWasFirst) {
                return Optional.empty();
            }
        }
        State state = find(site, ReconcileJob.CLASS, classNo, 0).orElseThrow();
        return Optional.of(new ReconcileJob(state.id(), site, ReconcileJob.CLASS, classNo, 0, stoppedAt, 1));
    }

    /** Gensee's record is in the journal: the job is done. */
    public void fetched(ReconcileJob job, CallbackEvent export) {
        jdbc.sql("""
                update reconcile_job set status = 'done', last_error = null, export_seq = ?
                where id = ? and attempts = ? and status = 'running'""")
                .params(export.seq(), job.id(), job.attempts())
                .update();
        attempts(job.site(), "done").increment();
        log.info("Gensee's record of {} {} on site {} fetched (pass {}, journal seq {})", job.kind(), job.target(),
                job.site(), job.pass(), export.seq());
    }

    /** The attempt failed: retried after a backoff, or left failed after the last attempt. */
    public void failed(ReconcileJob job, Throwable error) {
        String message = message(error);
        boolean exhausted = settings.retryPolicy().exhausted(job.attempts());
        Instant next = clock.instant().plus(settings.retryPolicy().delayAfter(job.attempts(),
                () -> ThreadLocalRandom.current().nextDouble()));
        jdbc.sql("""
                update reconcile_job set status = ?, due_at = ?, last_error = ?
                where id = ? and attempts = ? and status = 'running'""")
                .params(exhausted ? "failed" : "pending", ReconcileStore.utc(next), message, job.id(), job.attempts())
                .update();
        attempts(job.site(), "failed").increment();
        log.warn("Reconciliation of {} {} on site {} failed (attempt {} of {}{}): {}", job.kind(), job.target(),
                job.site(), job.attempts(), settings.maxAttempts(), exhausted ? ", giving up until the next sweep" : "",
                message);
    }

    /**
     * Classes stopped within the sweep window whose reconciliation is neither done nor scheduled get one
     * (a job that used up its attempts is tried again); VOD sites get a job for every finished day of the
     * window that has none.
     */
    public int sweep() {
        Instant now = clock.instant();
        Instant since = now.minus(settings.sweepWindow());
        int scheduled = 0;
        for (Map.Entry<String, HubProperties.Site> site : hub.sites().entrySet()) {
            HubProperties.GenseeApi api = site.getValue().genseeApi();
            if (api == null) {
                continue;
            }
            List<StoppedClass> stopped = jdbc.sql("""
                    select s.class_no, s.stopped_at from class_session s
                    where s.site = ? and s.state = 'STOPPED' and s.stopped_at >= ?
                      and not exists (select 1 from reconcile_job j where j.site = s.site and j.kind = 'class'
                        and j.target = s.class_no and j.pass = 1 and j.stopped_at = s.stopped_at
                        and j.status in ('pending', 'running', 'done'))""")
                    .params(site.getKey(), ReconcileStore.utc(since))
                    .query((rs, row) -> new StoppedClass(rs.getString("class_no"), ReconcileStore.instant(rs, "stopped_at")))
                    .list();
            for (StoppedClass c : stopped) {
                forceSchedule(site.getKey(), ReconcileJob.CLASS, c.classNo(), 1, c.stoppedAt(), now);
                scheduled++;
            }
            if (api.vod()) {
                scheduled += sweepVodDays(site.getKey(), api.timeZone(), since, now);
            }
        }
        if (scheduled > 0) {
            log.info("Reconciliation sweep scheduled {} fetches of Gensee's records", scheduled);
        }
        return scheduled;
    }

    private record StoppedClass(String classNo, Instant stoppedAt) {
    }

    private int sweepVodDays(String site, ZoneId zone, Instant since, Instant now) {
        int scheduled = 0;
        for (LocalDate day = since.atZone(zone).toLocalDate(); ; day = day.plusDays(1)) {
            Instant ready = day.plusDays(1).atStartOfDay(zone).toInstant().plus(settings.vodDelay());
            if (ready.isAfter(now)) {
                return scheduled;
            }
            Optional<State> job = find(site, ReconcileJob.VOD, day.toString(), 1);
            if (job.isEmpty() || job.get().status().equals("failed")) {
                forceSchedule(site, ReconcileJob.VOD, day.toString(), 1, null, now);
                scheduled++;
            }
        }
    }

    private void forceSchedule(String site, String kind, String target, int pass, Instant stoppedAt, Instant due) {
        int updated = jdbc.sql("""
                update reconcile_job set stopped_at = ?, status = 'pending', due_at = ?, attempts = 0
                where site = ? and kind = ? and target = ? and pass = ?""")
                .params(ReconcileStore.utc(stoppedAt), ReconcileStore.utc(due), site, kind, target, pass)
                .update();
        if (updated == 0) {
            try {
                jdbc.sql("""
                        insert into reconcile_job (site, kind, target, pass, stopped_at, status, due_at)
                        values (?, ?, ?, ?, ?, 'pending', ?)""")
                        .params(site, kind, target, pass, ReconcileStore.utc(stoppedAt), ReconcileStore.utc(due))
                        .update();
            } catch (DuplicateKeyException anotherSweepWasFirst) {
                // a concurrent sweep (the timer, another instance) scheduled the same job: it is pending
                log.debug("Reconciliation of {} {} on site {} already scheduled by another sweep", kind, target, site);
            }
        }
    }

    /** The class's jobs, the most recently attempted first. */
    public List<State> ofClass(String site, String classNo) {
        return jdbc.sql("""
                select * from reconcile_job where site = ? and kind = 'class' and target = ?
                order by last_attempt_at desc nulls last, pass""")
                .params(site, classNo).query((rs, row) -> state(rs)).list();
    }

    public Optional<State> find(String site, String kind, String target, int pass) {
        return jdbc.sql("select * from reconcile_job where site = ? and kind = ? and target = ? and pass = ?")
                .params(site, kind, target, pass).query((rs, row) -> state(rs)).optional();
    }

    public Optional<State> get(long id) {
        return jdbc.sql("select * from reconcile_job where id = ?").param(id).query((rs, row) -> state(rs)).optional();
    }

    private static ReconcileJob job(ResultSet rs) throws SQLException {
        return new ReconcileJob(rs.getLong("id"), rs.getString("site"), rs.getString("kind"), rs.getString("target"),
                rs.getInt("pass"), ReconcileStore.instant(rs, "stopped_at"), rs.getInt("attempts"));
    }

    private static State state(ResultSet rs) throws SQLException {
        Number seq = (Number) rs.getObject("export_seq");
        return new State(rs.getLong("id"), rs.getInt("pass"), rs.getString("status"), rs.getInt("attempts"),
                ReconcileStore.instant(rs, "due_at"), ReconcileStore.instant(rs, "last_attempt_at"),
                rs.getString("last_error"), seq == null ? null : seq.longValue());
    }

    private Counter attempts(String site, String outcome) {
        return Counter.builder("hub.reconcile.attempts")
                .description("fetches of Gensee's records, by outcome (done, failed)")
                .tag("site", site).tag("outcome", outcome).register(meters);
    }

    private static String message(Throwable error) {
        Throwable root = NestedExceptionUtils.getMostSpecificCause(error);
        String text = root instanceof GenseeApiException ? root.getMessage()
                : root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
