package com.genseehub.dbsink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.genseehub.attendance.ClassFiguresChanged;
import com.genseehub.simulator.ClassScenario;
import com.genseehub.simulator.Script;
import com.genseehub.simulator.Simulator;
import com.genseehub.support.MutableClock;
import com.genseehub.support.RunningHubTest;
import com.genseehub.support.TargetDatabase;
import com.genseehub.support.TcpProxy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The shipped lms-db sink (routes/sinks/lms-db.yaml) into a real database of the integrator's kind,
 * reached through a TCP relay the test can cut: a simulated class lands with exactly the numbers the
 * hub's API reports; a cut, a missing table, a constraint violation and a locked (slow) database fail
 * deliveries that are retried, go dead and are replayed like every sink's, while callbacks are answered
 * as usual; every event arrives exactly once, and a replay, a rebuild or a re-run of the class adds no
 * row. Run once per database (MariaDB and PostgreSQL subclasses).
 */
abstract class DatabaseSinkTests extends RunningHubTest {

    /** The backoff of the test's lms-db settings: a retry is due this long after a failure, at most. */
    static final Duration RETRY = Duration.ofSeconds(3);
    /**
     * Enough for the pool to connect again after the database was cut (it waits up to 5 s between tries
     * to connect, and a delivery waits 1 s for a connection).
     */
    static final int MAX_ATTEMPTS = 10;

    @Autowired
    MutableClock clock;
    /** The hub's own database. */
    @Autowired
    JdbcClient hubDatabase;
    @Autowired
    ApplicationEventPublisher applicationEvents;

    final ObjectMapper json = new ObjectMapper();
    private final TargetDatabase target;
    private final TcpProxy relay;

    DatabaseSinkTests(TargetDatabase target, TcpProxy relay) {
        this.target = target;
        this.relay = relay;
    }

    TargetDatabase target() {
        return target;
    }

    TcpProxy relay() {
        return relay;
    }

    /** The lms-db sink on, into the target through the relay, with short retries and timeouts. */
    static void lmsDb(DynamicPropertyRegistry registry, TargetDatabase target, TcpProxy relay) {
        registry.add("hub.sinks.lms-db.enabled", () -> "true");
        registry.add("hub.sinks.lms-db.url", () -> target.url(relay.port()));
        registry.add("hub.sinks.lms-db.username", target::username);
        registry.add("hub.sinks.lms-db.password", () -> "");
        registry.add("hub.sinks.lms-db.connect-timeout", () -> "1s");
        registry.add("hub.sinks.lms-db.query-timeout-seconds", () -> "2");
        registry.add("hub.sinks.lms-db.max-attempts", () -> String.valueOf(MAX_ATTEMPTS));
        registry.add("hub.sinks.lms-db.initial-delay", () -> "1s");
        registry.add("hub.sinks.lms-db.max-delay", () -> "2s");
        registry.add("hub.delivery.poll-interval", () -> "50ms");
    }

    JdbcClient db() {
        return JdbcClient.create(target().dataSource());
    }

    @Test
    void aSimulatedClassLandsWithTheNumbersTheApiReportsAndReplaysRebuildsAndReRunsAddNoRow() {
        String classNo = unique("DB");
        Script script = ClassScenario.webcast(classNo).attendees(8).abnormalExits(2).missingLeaves(2)
                .duplicateJoins(1).earlyWebUsers(0).recordings(1).vodViewers(0).lateVodEnds(0).seed(5).build();
        assertThat(simulator().play(script).allAcknowledged()).isTrue();
        hub.awaitDispatched();
        List<JsonNode> events = events(classNo);
        awaitDeliveries(seqs(events), "done");

        assertEventRows(classNo, events);
        List<Map<String, Object>> attendance = assertAttendanceRows(classNo);
        assertThat(attendance)
                .anySatisfy(row -> assertThat((Integer) row.get("abnormalExits")).isPositive())
                .anySatisfy(row -> assertThat((Integer) row.get("closedByStop")).isPositive());

        // a replayed delivery writes its rows again: updated, not added
        JsonNode stop = events.stream().filter(e -> e.path("action").asInt() == 105).findFirst().orElseThrow();
        for (JsonNode event : List.of(events.get(0), stop)) {
            long id = deliveryOf(event.get("seq").asLong()).get("id").asLong();
            assertThat(hub.api("POST", "/api/deliveries/" + id + "/replay", null).statusCode()).isEqualTo(200);
        }
        awaitDeliveries(seqs(events), "done");
        assertEventRows(classNo, events);
        assertThat(assertAttendanceRows(classNo)).isEqualTo(attendance);

        // a rebuild replays the journal through dispatch: no new delivery, no new row
        int deliveries = lmsDeliveries().size();
        assertThat(hub.api("POST", "/api/admin/rebuild", null).statusCode()).isEqualTo(200);
        hub.awaitDispatched();
        assertThat(lmsDeliveries()).hasSize(deliveries);
        assertEventRows(classNo, events);
        assertThat(assertAttendanceRows(classNo)).isEqualTo(attendance);

        // the class runs again: one attendee comes back, the stop updates the rows
        long back = (Long) attendance.get(0).get("operator");
        live(classNo, back, 101);
        clock.advance(Duration.ofMinutes(5));
        live(classNo, back, 107);
        live(classNo, 0, 105);
        hub.awaitDispatched();
        List<JsonNode> again = events(classNo);
        assertThat(again).hasSize(events.size() + 3);
        awaitDeliveries(seqs(again), "done");
        assertEventRows(classNo, again);
        List<Map<String, Object>> rerun = assertAttendanceRows(classNo);
        assertThat(rerun).hasSize(attendance.size());
        assertThat(rerun.get(0).get("joins")).isEqualTo((Integer) attendance.get(0).get("joins") + 1);
    }

    @Test
    void withTheDatabaseCutCallbacksAreAnsweredAndOnceItIsBackEveryEventArrivesExactlyOnce() {
        relay().cut();
        String classNo = unique("CUT");
        try {
            Script script = ClassScenario.webcast(classNo).attendees(3).abnormalExits(1).missingLeaves(1)
                    .duplicateJoins(0).earlyWebUsers(0).recordings(0).vodViewers(0).lateVodEnds(0).seed(9).build();
            assertThat(simulator().play(script).allAcknowledged()).isTrue();
            hub.awaitDispatched();
            List<JsonNode> events = events(classNo);
            // each delivery was attempted and failed; the hub's own API answers as usual
            awaitDeliveries(seqs(events), "failed");
            assertThat(hub.apiJson("/api/sessions/demo/" + classNo).get("state").asText()).isEqualTo("STOPPED");
            assertThat(db().sql("select count(*) from gensee_event where class_no = ?").param(classNo)
                    .query(Long.class).single()).isZero();

            relay().restore();
            // retried on the hub's clock until every one got through
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                clock.advance(RETRY);
                return lmsDeliveries().stream().filter(d -> seqs(events).contains(d.get("eventSeq").asLong()))
                        .allMatch(d -> d.get("status").asText().equals("done"));
            });
            assertThat(db().sql("select count(*) from gensee_event where class_no = ?").param(classNo)
                    .query(Long.class).single()).isEqualTo(events.size());
            assertEventRows(classNo, events);
            assertAttendanceRows(classNo);
        } finally {
            relay().restore();
        }
    }

    @Test
    void aMissingTableFailsTheDeliveryUntilItIsDeadThenTheTableIsBackAndTheReplayWritesIt() {
        String classNo = unique("TBL");
        db().sql("alter table gensee_attendance rename to gensee_attendance_gone").update();
        long stopSeq;
        try {
            live(classNo, 7001, 101);
            clock.advance(Duration.ofMinutes(10));
            stopSeq = live(classNo, 0, 105);
            hub.awaitDispatched();
            JsonNode failed = awaitDelivery(stopSeq, d -> d.get("status").asText().equals("failed"));
            assertThat(failed.get("lastError").asText()).containsIgnoringCase("gensee_attendance");
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                clock.advance(RETRY);
                return deliveryOf(stopSeq).get("status").asText().equals("dead");
            });
            assertThat(deliveryOf(stopSeq).get("attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
            // the event row itself was written before the attendance failed
            assertThat(db().sql("select count(*) from gensee_event where seq = ?").param(stopSeq)
                    .query(Long.class).single()).isEqualTo(1);
        } finally {
            db().sql("alter table gensee_attendance_gone rename to gensee_attendance").update();
        }
        JsonNode dead = hub.apiJson("/api/deliveries?sink=lms-db&status=dead");
        assertThat(hub.api("POST", "/api/deliveries/replay?sink=lms-db", null).body())
                .as("dead: %s", dead).isEqualTo("{\"replayed\":1}");
        awaitDelivery(stopSeq, d -> d.get("status").asText().equals("done"));
        assertThat(assertAttendanceRows(classNo)).singleElement()
                .satisfies(row -> assertThat(row.get("seconds")).isEqualTo(600L));
        assertThat(db().sql("select count(*) from gensee_event where seq = ?").param(stopSeq)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aConstraintViolationFailsTheDeliveryAndTheReplayWritesItOnceTheRuleIsGone() {
        db().sql("alter table gensee_event add constraint no_bad_class check (class_no <> 'BAD')").update();
        long seq;
        try {
            seq = live("BAD", 7002, 101);
            JsonNode failed = awaitDelivery(seq, d -> d.get("status").asText().equals("failed"));
            assertThat(failed.get("lastError").asText()).isNotBlank();
            assertThat(db().sql("select count(*) from gensee_event where seq = ?").param(seq)
                    .query(Long.class).single()).isZero();
        } finally {
            db().sql("alter table gensee_event drop constraint no_bad_class").update();
        }
        long id = deliveryOf(seq).get("id").asLong();
        assertThat(hub.api("POST", "/api/deliveries/" + id + "/replay", null).statusCode()).isEqualTo(200);
        awaitDelivery(seq, d -> d.get("status").asText().equals("done"));
        assertThat(db().sql("select class_no from gensee_event where seq = ?").param(seq).query(String.class).single())
                .isEqualTo("BAD");
    }

    @Test
    void aLockedRowTimesTheStatementOutAndTheRetryWritesItWhileCallbacksAreAnsweredAsUsual() throws SQLException {
        String classNo = unique("LCK");
        long seq = live(classNo, 7003, 101);
        awaitDelivery(seq, d -> d.get("status").asText().equals("done"));
        try (Connection locker = target().dataSource().getConnection()) {
            locker.setAutoCommit(false);
            try (PreparedStatement lock = locker.prepareStatement("select seq from gensee_event where seq = ? for update")) {
                lock.setLong(1, seq);
                lock.executeQuery().close();
            }
            long id = deliveryOf(seq).get("id").asLong();
            assertThat(hub.api("POST", "/api/deliveries/" + id + "/replay", null).statusCode()).isEqualTo(200);
            // the update waits for the lock until the query timeout (2 s); callbacks meanwhile are answered at once
            for (int i = 0; i < 10; i++) {
                long started = System.nanoTime();
                assertThat(hub.get("/gensee/demo/live?ClassNo=" + classNo + "&Operator=" + (7100 + i)
                        + "&Action=101&totalusernum=" + i).statusCode()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
            }
            JsonNode failed = awaitDelivery(seq, d -> d.get("status").asText().equals("failed"));
            assertThat(failed.get("attempts").asInt()).isEqualTo(1);
            locker.rollback();
        }
        clock.advance(RETRY);
        awaitDelivery(seq, d -> d.get("status").asText().equals("done"));
        hub.awaitDispatched();
        List<JsonNode> events = events(classNo);
        awaitDeliveries(seqs(events), "done");
        assertEventRows(classNo, events);
    }

    @Test
    void attendanceRepairedAfterTheClassStoppedIsWrittenAgain() {
        String classNo = unique("FIX");
        live(classNo, 7004, 101);
        clock.advance(Duration.ofMinutes(10));
        live(classNo, 0, 105);
        awaitDeliveries(seqs(events(classNo)), "done");
        assertThat(assertAttendanceRows(classNo)).singleElement()
                .satisfies(row -> assertThat(row.get("seconds")).isEqualTo(600L));

        // the hub's figures are repaired (as reconciliation with Gensee's own record does) and announced
        hubDatabase.sql("update attendee set millis = millis + 60000 where site = 'demo' and class_no = ?")
                .param(classNo).update();
        applicationEvents.publishEvent(new ClassFiguresChanged("demo", classNo));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(assertAttendanceRows(classNo)).singleElement()
                        .satisfies(row -> assertThat(row.get("seconds")).isEqualTo(660L)));
    }

    // ---- the class

    private Simulator simulator() {
        return new Simulator(hub.ingress(), "demo", clock::advance);
    }

    /** One live callback; returns its journal seq. */
    private long live(String classNo, long operator, int action) {
        assertThat(hub.get("/gensee/demo/live?ClassNo=" + classNo + "&Operator=" + operator + "&Action=" + action
                + "&totalusernum=1").statusCode()).isEqualTo(200);
        hub.awaitDispatched();
        return hub.apiJson("/api/events?classNo=" + classNo + "&limit=1").get("items").get(0).get("seq").asLong();
    }

    /** The class's events as GET /api/events reports them, oldest first. */
    private List<JsonNode> events(String classNo) {
        List<JsonNode> events = new ArrayList<>();
        hub.apiJson("/api/events?classNo=" + classNo + "&limit=1000").get("items").forEach(e -> events.add(0, e));
        return events;
    }

    private static Set<Long> seqs(List<JsonNode> events) {
        Set<Long> seqs = new HashSet<>();
        events.forEach(e -> seqs.add(e.get("seq").asLong()));
        return seqs;
    }

    private static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- deliveries

    private List<JsonNode> lmsDeliveries() {
        return StreamSupport.stream(hub.apiJson("/api/deliveries?sink=lms-db&limit=1000").get("items").spliterator(), false)
                .toList();
    }

    private JsonNode deliveryOf(long seq) {
        return lmsDeliveries().stream().filter(d -> d.get("eventSeq").asLong() == seq).findFirst()
                .orElseThrow(() -> new AssertionError("no lms-db delivery of seq " + seq));
    }

    private JsonNode awaitDelivery(long seq, Predicate<JsonNode> condition) {
        JsonNode[] found = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            found[0] = deliveryOf(seq);
            assertThat(condition.test(found[0])).as("delivery %s", found[0]).isTrue();
        });
        return found[0];
    }

    private void awaitDeliveries(Set<Long> seqs, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<JsonNode> of = lmsDeliveries().stream().filter(d -> seqs.contains(d.get("eventSeq").asLong())).toList();
            assertThat(of).hasSize(seqs.size()).allSatisfy(d -> assertThat(d.get("status").asText()).isEqualTo(status));
        });
    }

    // ---- what the target holds, against the API

    private void assertEventRows(String classNo, List<JsonNode> events) {
        List<Map<String, Object>> rows = db().sql("""
                        select seq, received_at, site, kind, class_no, action, operator, total_users, params
                        from gensee_event where class_no = ? order by seq""").param(classNo)
                .query((rs, n) -> eventRow(rs)).list();
        List<Map<String, Object>> expected = events.stream().map(this::eventRow).toList();
        assertThat(rows).isEqualTo(expected);
    }

    private Map<String, Object> eventRow(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("seq", rs.getLong("seq"));
        row.put("receivedAt", utc(rs.getObject("received_at", LocalDateTime.class)));
        row.put("site", rs.getString("site"));
        row.put("kind", rs.getString("kind"));
        row.put("classNo", rs.getString("class_no"));
        row.put("action", rs.getObject("action") == null ? null : rs.getInt("action"));
        row.put("operator", rs.getObject("operator") == null ? null : rs.getLong("operator"));
        row.put("totalUsers", rs.getObject("total_users") == null ? null : rs.getInt("total_users"));
        row.put("params", read(rs.getString("params")));
        return row;
    }

    private Map<String, Object> eventRow(JsonNode event) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("seq", event.get("seq").asLong());
        row.put("receivedAt", event.get("receivedAt").asText());
        row.put("site", event.get("site").asText());
        row.put("kind", event.get("kind").asText());
        row.put("classNo", text(event.get("classNo")));
        row.put("action", event.get("action").isNull() ? null : event.get("action").asInt());
        row.put("operator", event.get("operator").isNull() ? null : event.get("operator").asLong());
        row.put("totalUsers", event.get("totalUsers").isNull() ? null : event.get("totalUsers").asInt());
        row.put("params", event.get("params"));
        return row;
    }

    /** The class's rows in gensee_attendance, asserted equal to GET /api/sessions/demo/{classNo}/attendance. */
    private List<Map<String, Object>> assertAttendanceRows(String classNo) {
        List<Map<String, Object>> rows = db().sql("""
                        select operator, joins, seconds, abnormal_exits, closed_by_stop, first_join, last_leave
                        from gensee_attendance where site = 'demo' and class_no = ? order by operator""")
                .param(classNo).query((rs, n) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("operator", rs.getLong("operator"));
                    row.put("joins", rs.getInt("joins"));
                    row.put("seconds", rs.getLong("seconds"));
                    row.put("abnormalExits", rs.getInt("abnormal_exits"));
                    row.put("closedByStop", rs.getInt("closed_by_stop"));
                    row.put("firstJoin", utc(rs.getObject("first_join", LocalDateTime.class)));
                    row.put("lastLeave", utc(rs.getObject("last_leave", LocalDateTime.class)));
                    return row;
                }).list();
        List<Map<String, Object>> api = new ArrayList<>();
        for (JsonNode a : hub.apiItems("/api/sessions/demo/" + classNo + "/attendance")) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("operator", a.get("operator").asLong());
            row.put("joins", a.get("joins").asInt());
            row.put("seconds", a.get("seconds").asLong());
            row.put("abnormalExits", a.get("abnormalExits").asInt());
            row.put("closedByStop", a.get("closedByStop").asInt());
            row.put("firstJoin", text(a.get("firstJoin")));
            row.put("lastLeave", text(a.get("lastLeave")));
            api.add(row);
        }
        assertThat(rows).isNotEmpty().isEqualTo(api);
        assertReportColumns(classNo);
        return rows;
    }

    /** Name, presence and qualification in gensee_attendance are the class report's. */
    private void assertReportColumns(String classNo) {
        Map<Long, List<Object>> stored = new HashMap<>();
        db().sql("""
                        select operator, name, present_seconds, presence, qualified
                        from gensee_attendance where site = 'demo' and class_no = ?""")
                .param(classNo).query((rs, n) -> stored.put(rs.getLong("operator"), Arrays.asList(
                        rs.getString("name"), rs.getLong("present_seconds"),
                        rs.getBigDecimal("presence") == null ? null : rs.getBigDecimal("presence").doubleValue(),
                        rs.getObject("qualified") == null ? null : rs.getBoolean("qualified"))))
                .list();
        Map<Long, List<Object>> report = new HashMap<>();
        for (JsonNode a : hub.apiJson("/api/sessions/demo/" + classNo + "/report").get("attendees")) {
            report.put(a.get("operator").asLong(), Arrays.asList(text(a.get("name")), a.get("presentSeconds").asLong(),
                    a.get("presence").isNull() ? null : Math.round(a.get("presence").asDouble() * 10_000) / 10_000.0,
                    a.has("qualified") ? a.get("qualified").asBoolean() : null));
        }
        assertThat(stored).isEqualTo(report);
    }

    private static String utc(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC).toString();
    }

    private static String text(JsonNode node) {
        return node == null || node instanceof NullNode ? null : node.asText();
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
