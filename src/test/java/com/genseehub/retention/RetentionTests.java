package com.genseehub.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.journal.Journal;
import com.genseehub.journal.JournalArchive;
import com.genseehub.simulator.ClassScenario;
import com.genseehub.simulator.Script;
import com.genseehub.simulator.Simulator;
import com.genseehub.support.MutableClock;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Retention over real HTTP with the hub's clock under the test's control: a journal window of 10 days,
 * deliveries and quarantine of 5, the file sink on (so every event has a delivery), the job run by
 * {@code POST /api/admin/retention}. Run once per database (H2 and PostgreSQL).
 */
@TestPropertySource(properties = {
        "hub.retention.journal=10d",
        "hub.retention.deliveries=5d",
        "hub.retention.quarantine=5d",
        "hub.retention.schedule=-",
        "hub.retention.batch-size=50",
        "hub.retention.archive-directory=./target/test-archives/${random.uuid}",
        "hub.sinks.archive.enabled=true",
        "hub.sinks.archive.directory=./target/test-archives/sink-${random.uuid}",
        "hub.delivery.poll-interval=20ms",
        "hub.dispatch.poll-interval=50ms"
})
abstract class RetentionTests extends RunningHubTest {

    @Autowired
    MutableClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JournalArchive archive;

    @Autowired
    Journal journal;

    @Autowired
    RetentionJob job;

    @Test
    void aRebuildReadsTheArchiveFirstSoTheFactsComeOutTheSame() {
        List<String> classes = List.of(unique("R"), unique("R"), unique("R"));
        Instant firstDay = startOfNextDay();
        for (int day = 0; day < classes.size(); day++) {
            moveTo(firstDay.plus(Duration.ofDays(day)).plus(Duration.ofHours(8)));
            playFullClass(classes.get(day));
        }
        settle();
        // the first two days fall out of the 10-day window, the third stays
        moveTo(firstDay.plus(Duration.ofDays(12)).plus(Duration.ofHours(1)));
        long seqOfLastDay = seqsOf(classes.get(2)).get(0);
        JsonNode outcome = runRetention();
        assertThat(outcome.get("archived").asLong()).isPositive();
        assertThat(seqsOf(classes.get(0))).as("archived and deleted").isEmpty();
        assertThat(seqsOf(classes.get(1))).isEmpty();
        assertThat(seqsOf(classes.get(2))).as("within the window").isNotEmpty().contains(seqOfLastDay);
        assertThat(archive.files()).extracting(file -> file.getFileName().toString())
                .contains("journal-" + firstDay.toString().substring(0, 10) + ".jsonl.gz");
        assertThat(hub.apiJson("/api/status").get("journalEvents").asLong()).as("the status counts what is left")
                .isEqualTo(count("journal_event"));
        Map<String, JsonNode> before = facts(classes);
        long deliveriesBefore = count("delivery");

        JsonNode rebuilt = hub.json(hub.api("POST", "/api/admin/rebuild", "", "Content-Type", "application/json").body());
        assertThat(rebuilt.get("fromArchive").asLong()).isPositive();
        assertThat(rebuilt.get("archiveFailures").asLong()).isZero();
        hub.awaitDispatched();

        assertThat(facts(classes)).isEqualTo(before);
        assertThat(count("delivery")).as("nothing sent again to the sinks").isEqualTo(deliveriesBefore);
    }

    @Test
    void eventsStillNeededStayAndOldDeliveriesAndQuarantineRowsGo() {
        moveTo(startOfNextDay().plus(Duration.ofHours(8)));
        String classNo = unique("K");
        playSmallClass(classNo);
        assertThat(hub.get("/gensee/demo/live?ClassNo=" + classNo + "&Operator=x&Action=101").statusCode()).isEqualTo(400);
        settle();
        List<Long> seqs = seqsOf(classNo);
        long held = seqs.get(0);
        // a delivery an operator has not settled (dead) and an event the dispatch worker could not apply
        jdbc.sql("update delivery set status = 'dead' where event_seq = ?").param(held).update();
        long failed = seqs.get(1);
        jdbc.sql("insert into dispatch_failure (seq, failed_at, error) values (?, ?, 'test')")
                .params(failed, clock.instant().atOffset(java.time.ZoneOffset.UTC)).update();
        long quarantined = count("quarantine");
        assertThat(quarantined).isPositive();
        String metricsBefore = hub.get("/actuator/prometheus").body();

        moveTo(clock.instant().plus(Duration.ofDays(6)));
        runRetention();
        assertThat(jdbc.sql("select count(*) from delivery d join journal_event e on e.seq = d.event_seq "
                + "where e.class_no = ? and d.status = 'done'").param(classNo).query(Long.class).single())
                .as("done deliveries older than 5 days").isZero();
        assertThat(seqsOf(classNo)).as("the journal window is 10 days").containsExactlyElementsOf(seqs);
        assertThat(count("quarantine")).as("quarantine rows older than 5 days").isZero();

        moveTo(clock.instant().plus(Duration.ofDays(5)));
        // the journal's newest event always stays: let it be another one
        playSmallClass(unique("K"));
        settle();
        runRetention();
        assertThat(seqsOf(classNo)).as("only the events still referenced stay").containsExactly(held, failed);
        String metrics = hub.get("/actuator/prometheus").body();
        assertThat(metric(metrics, "hub_retention_removed_total{table=\"quarantine\"}"))
                .isGreaterThanOrEqualTo(metric(metricsBefore, "hub_retention_removed_total{table=\"quarantine\"}") + quarantined);
        assertThat(metric(metrics, "hub_retention_archived_total{table=\"journal_event\"}"))
                .isGreaterThanOrEqualTo(seqs.size() - 2);
        assertThat(metric(metrics, "hub_retention_removed_total{table=\"delivery\"}")).isPositive();
        jdbc.sql("delete from dispatch_failure where seq = ?").param(failed).update();
        jdbc.sql("delete from delivery where event_seq = ?").param(held).update();
    }

    /**
     * 120 days of the same traffic (a class, a refused request), the job run every day: once the windows
     * are full the database holds as many rows on day 120 as on day 100; only the archive grows.
     */
    @Test
    void theDatabaseStopsGrowingOnceTheWindowIsFull() {
        Instant firstDay = startOfNextDay();
        Map<String, Long> atDay100 = null;
        long archiveAt100 = 0;
        for (int day = 1; day <= 120; day++) {
            moveTo(firstDay.plus(Duration.ofDays(day)).plus(Duration.ofHours(8)));
            playSmallClass("DISK" + UUID.randomUUID().toString().substring(0, 6) + "-" + day);
            assertThat(hub.get("/gensee/demo/live?ClassNo=BAD" + day + "&Operator=x&Action=101").statusCode()).isEqualTo(400);
            settle();
            // the job runs at night, long after the day's traffic (and its deliveries) ended
            moveTo(firstDay.plus(Duration.ofDays(day)).plus(Duration.ofHours(23)));
            assertThat(job.run()).isPresent();
            if (day == 100) {
                atDay100 = rowCounts();
                archiveAt100 = archiveBytes();
            }
        }
        Map<String, Long> atDay120 = rowCounts();
        assertThat(atDay120).isEqualTo(atDay100);
        assertThat(atDay120.get("journal_event")).as("about 10 days of events").isPositive()
                .isLessThan(11L * eventsPerSmallClass() + 10);
        assertThat(archiveBytes()).as("the archive grows").isGreaterThan(archiveAt100);
    }

    // ---- traffic

    private void playFullClass(String classNo) {
        Script script = ClassScenario.webcast(classNo).attendees(6).vodViewers(0).lateVodEnds(0).seed(7).build();
        assertThat(simulator().play(script).allAcknowledged()).isTrue();
    }

    private void playSmallClass(String classNo) {
        assertThat(simulator().play(smallClass(classNo)).allAcknowledged()).isTrue();
    }

    private static Script smallClass(String classNo) {
        return ClassScenario.webcast(classNo).attendees(3).abnormalExits(0).missingLeaves(0).duplicateJoins(0)
                .earlyWebUsers(0).recordings(0).vodViewers(0).lateVodEnds(0).seed(11).build();
    }

    private static long eventsPerSmallClass() {
        return smallClass("X").callCount();
    }

    private Simulator simulator() {
        return new Simulator(hub.ingress(), "demo", clock::advance);
    }

    /** Every event applied and every delivery sent. */
    private void settle() {
        journal.awaitReadable();
        await("events applied, deliveries sent").atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(() -> journal.notYetInTables() == 0 && count("pending_dispatch") == 0
                        && jdbc.sql("select count(*) from delivery where status in ('pending', 'failed', 'sending')")
                        .query(Long.class).single() == 0);
    }

    private JsonNode runRetention() {
        var response = hub.api("POST", "/api/admin/retention", "", "Content-Type", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return hub.json(response.body());
    }

    // ---- what is looked at

    private Map<String, JsonNode> facts(List<String> classes) {
        Map<String, JsonNode> facts = new LinkedHashMap<>();
        for (String classNo : classes) {
            facts.put(classNo, hub.apiJson("/api/sessions/demo/" + classNo));
            facts.put(classNo + "/attendance", hub.apiItems("/api/sessions/demo/" + classNo + "/attendance"));
        }
        return facts;
    }

    private List<Long> seqsOf(String classNo) {
        return jdbc.sql("select seq from journal_event where class_no = ? order by seq").param(classNo)
                .query(Long.class).list();
    }

    private Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("journal_event", "delivery", "quarantine")) {
            counts.put(table, count(table));
        }
        return counts;
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private long archiveBytes() {
        return archive.files().stream().mapToLong(file -> {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).sum();
    }

    private static double metric(String prometheus, String series) {
        return prometheus.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1))).orElse(0.0);
    }

    // ---- time

    private Instant startOfNextDay() {
        return clock.instant().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
    }

    private void moveTo(Instant time) {
        Duration ahead = Duration.between(clock.instant(), time);
        assertThat(ahead.isNegative()).as("the clock only moves forward").isFalse();
        clock.advance(ahead);
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }
}
