package com.genseehub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.simulator.ClassScenario;
import com.genseehub.simulator.Expected;
import com.genseehub.simulator.Pacer;
import com.genseehub.simulator.Script;
import com.genseehub.simulator.Simulator;
import com.genseehub.simulator.Step;
import com.genseehub.support.HubTest;
import com.genseehub.support.MutableClock;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Whole classes played by the simulator against the running hub over real HTTP; the API must
 * report exactly what happened. Run once per database (H2 and PostgreSQL subclasses).
 */
abstract class AttendanceEndToEndTests extends RunningHubTest {

    @Autowired
    MutableClock clock;



    private Simulator simulator(String site) {
        Pacer pacer = clock::advance;
        return new Simulator(hub.ingress(), site, pacer);
    }

    private static String uniqueClassNo(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void webcastWithFaultsIsCountedExactlyAsItHappened() {
        Script script = ClassScenario.webcast(uniqueClassNo("W")).attendees(12).abnormalExits(3).missingLeaves(2)
                .duplicateJoins(2).earlyWebUsers(2).recordings(2).vodViewers(4).lateVodEnds(1).seed(7).build();

        Simulator.Report report = simulator("demo").play(script);
        assertThat(report.failures()).isEmpty();
        assertThat(report.acknowledged()).isEqualTo(script.callCount());
        hub.awaitDispatched();

        assertMatches("demo", script.expected());
    }

    @Test
    void trainingSmallClassHasNoPauseAndIsCountedExactly() {
        Script script = ClassScenario.training("small-class", uniqueClassNo("S")).attendees(6).abnormalExits(1)
                .missingLeaves(1).duplicateJoins(1).earlyWebUsers(0).recordings(1).vodViewers(2).lateVodEnds(0)
                .seed(3).build();
        assertThat(script.steps()).noneMatch(step -> step instanceof Step.Call call
                && call.params().get("Action").equals("104"));

        assertThat(simulator("small").play(script).allAcknowledged()).isTrue();
        hub.awaitDispatched();

        assertMatches("small", script.expected());
        JsonNode session = hub.apiJson("/api/sessions/small/" + script.expected().classNo());
        assertThat(session.get("pausedAt").isNull()).isTrue();
    }

    @Test
    void trainingLectureBehavesLikeAWebcast() {
        Script script = ClassScenario.training("lecture", uniqueClassNo("L")).attendees(5).seed(11).build();
        assertThat(simulator("lecture").play(script).allAcknowledged()).isTrue();
        hub.awaitDispatched();
        assertMatches("lecture", script.expected());
    }

    /** A short class written out by hand, with every number worked out on paper. */
    @Test
    void handWrittenClassGivesTheNumbersWorkedOutByHand() {
        String classNo = uniqueClassNo("H");
        Instant t0 = clock.instant();
        long teacher = 1_000_000_001L;
        long anna = 1_000_000_101L;
        long ben = 1_000_000_102L;
        long early = 1_000_000_900L;

        live(classNo, 101, teacher, 1);
        live(classNo, 102, 0, 1);
        pass(60);
        live(classNo, 103, 0, 1);            // started at t0+60
        live(classNo, 101, anna, 2);         // anna joins at t0+60
        pass(30);
        live(classNo, 101, anna, 2);         // duplicate join: opens nothing
        live(classNo, 101, ben, 3);          // ben joins at t0+90
        pass(90);
        live(classNo, 110, anna, 2);         // anna drops at t0+180: 120 s, abnormal
        pass(10);
        live(classNo, 101, anna, 3);         // anna back at t0+190
        live(classNo, 104, 0, 3);            // paused at t0+190
        pass(100);
        live(classNo, 103, 0, 3);            // resumed at t0+290
        live(classNo, 107, anna, 2);         // anna leaves at t0+290: +100 s
        live(classNo, 107, early, 2);        // never joined: orphan leave
        live(classNo, 106, 0, 2);            // one recording
        live(classNo, 101, 0, 2);            // Operator 0 is not a user
        pass(50);
        live(classNo, 105, 0, 0);            // stopped at t0+340: ben (250 s) and teacher (340 s) closed
        hub.awaitDispatched();

        JsonNode session = hub.apiJson("/api/sessions/demo/" + classNo);
        assertThat(session.get("state").asText()).isEqualTo("STOPPED");
        assertThat(session.get("createdAt").asText()).isEqualTo(t0.toString());
        assertThat(session.get("startedAt").asText()).isEqualTo(t0.plusSeconds(60).toString());
        assertThat(session.get("pausedAt").asText()).isEqualTo(t0.plusSeconds(190).toString());
        assertThat(session.get("stoppedAt").asText()).isEqualTo(t0.plusSeconds(340).toString());
        assertThat(session.get("recordings").asInt()).isEqualTo(1);
        assertThat(session.get("peakUsers").asInt()).isEqualTo(3);
        assertThat(session.get("currentUsers").asInt()).isZero();

        Map<Long, JsonNode> rows = rowsByOperator(hub.apiItems("/api/sessions/demo/" + classNo + "/attendance"));
        assertThat(rows.keySet()).containsExactlyInAnyOrder(teacher, anna, ben, early);
        assertRow(rows.get(anna), 2, 1, 1, 1, 0, 0, 220);
        assertRow(rows.get(ben), 1, 0, 0, 0, 1, 0, 250);
        assertRow(rows.get(teacher), 1, 0, 0, 0, 1, 0, 340);
        assertRow(rows.get(early), 0, 0, 0, 0, 0, 1, 0);
        assertThat(rows.get(anna).get("firstJoin").asText()).isEqualTo(t0.plusSeconds(60).toString());
        assertThat(rows.get(anna).get("lastLeave").asText()).isEqualTo(t0.plusSeconds(290).toString());
        assertThat(rows.values()).allSatisfy(row -> assertThat(row.get("online").asBoolean()).isFalse());
    }

    @Test
    void attendanceIsAlsoAvailableAsCsv() {
        String classNo = uniqueClassNo("C");
        live(classNo, 101, 1_000_000_101L, 1);
        pass(42);
        live(classNo, 107, 1_000_000_101L, 0);
        hub.awaitDispatched();

        var byParam = hub.api("GET", "/api/sessions/demo/" + classNo + "/attendance?format=csv", null);
        var byAccept = hub.api("GET", "/api/sessions/demo/" + classNo + "/attendance", null, "Accept", "text/csv");
        for (var response : List.of(byParam, byAccept)) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            String[] lines = response.body().split("\r\n");
            assertThat(lines[0]).startsWith("operator,joins,repeatedJoins,normalExits,abnormalExits");
            assertThat(lines).hasSize(2);
            assertThat(lines[1]).startsWith("1000000101,1,0,1,0,0,0,42,false,");
        }
    }

    @Test
    void replayingTheJournalGivesTheSameFacts() {
        Script script = ClassScenario.webcast(uniqueClassNo("R")).attendees(8).seed(5).build();
        assertThat(simulator("demo").play(script).allAcknowledged()).isTrue();
        hub.awaitDispatched();
        String classNo = script.expected().classNo();
        String before = snapshot(classNo, script.expected().vodClassNo());

        for (int replay = 0; replay < 2; replay++) {
            var response = hub.api("POST", "/api/admin/rebuild", null);
            assertThat(response.statusCode()).isEqualTo(200);
            hub.awaitDispatched();
            assertThat(snapshot(classNo, script.expected().vodClassNo())).isEqualTo(before);
        }
        assertMatches("demo", script.expected());
    }

    @Test
    void journalListsEventsNewestFirstWithFilters() {
        String classNo = uniqueClassNo("J");
        live(classNo, 102, 0, 1);
        live(classNo, 103, 0, 1);
        live(classNo, 101, 1_000_000_101L, 2);
        JsonNode all = hub.apiJson("/api/events?site=demo&classNo=" + classNo);
        assertThat(all.get("items")).extracting(e -> e.get("action").asInt()).containsExactly(101, 103, 102);
        JsonNode seqs = all.get("items");
        assertThat(seqs.get(0).get("seq").asLong()).isGreaterThan(seqs.get(1).get("seq").asLong());
        assertThat(seqs.get(0).get("kind").asText()).isEqualTo("live");
        assertThat(seqs.get(0).get("params").get("Operator").asText()).isEqualTo("1000000101");

        JsonNode only103 = hub.apiJson("/api/events?classNo=" + classNo + "&action=103");
        assertThat(only103.get("items")).hasSize(1);

        JsonNode page = hub.apiJson("/api/events?classNo=" + classNo + "&limit=2");
        assertThat(page.get("items")).hasSize(2);
        assertThat(page.get("nextOffset").asInt()).isEqualTo(2);
        JsonNode second = hub.apiJson("/api/events?classNo=" + classNo + "&limit=2&offset=2");
        assertThat(second.get("items")).extracting(e -> e.get("action").asInt()).containsExactly(102);
        assertThat(second.get("nextOffset").isNull()).isTrue();
    }

    // ---- helpers

    private void live(String classNo, int action, long operator, int total) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ClassNo", classNo);
        params.put("Operator", Long.toString(operator));
        params.put("Action", Integer.toString(action));
        params.put("Affected", Long.toString(operator));
        params.put("totalusernum", Integer.toString(total));
        assertThat(simulator("demo").send(new Step.Call("live", params))).isNull();
    }

    private void pass(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
    }

    private String snapshot(String classNo, String vodClassNo) {
        return hub.apiJson("/api/sessions/demo/" + classNo).toString()
                + hub.apiItems("/api/sessions/demo/" + classNo + "/attendance")
                + hub.apiItems("/api/vod/demo/" + vodClassNo + "/views");
    }

    private static Map<Long, JsonNode> rowsByOperator(JsonNode rows) {
        Map<Long, JsonNode> byOperator = new HashMap<>();
        rows.forEach(row -> byOperator.put(row.get("operator").asLong(), row));
        return byOperator;
    }

    private static void assertRow(JsonNode row, int joins, int repeated, int normal, int abnormal, int byStop,
                                  int orphan, long seconds) {
        assertThat(row.get("joins").asInt()).as("joins of %s", row).isEqualTo(joins);
        assertThat(row.get("repeatedJoins").asInt()).as("repeatedJoins of %s", row).isEqualTo(repeated);
        assertThat(row.get("normalExits").asInt()).as("normalExits of %s", row).isEqualTo(normal);
        assertThat(row.get("abnormalExits").asInt()).as("abnormalExits of %s", row).isEqualTo(abnormal);
        assertThat(row.get("closedByStop").asInt()).as("closedByStop of %s", row).isEqualTo(byStop);
        assertThat(row.get("orphanLeaves").asInt()).as("orphanLeaves of %s", row).isEqualTo(orphan);
        assertThat(row.get("seconds").asLong()).as("seconds of %s", row).isEqualTo(seconds);
    }

    private void assertMatches(String site, Expected expected) {
        JsonNode session = hub.apiJson("/api/sessions/" + site + "/" + expected.classNo());
        assertThat(session.get("state").asText()).isEqualTo(expected.finalState());
        assertThat(session.get("recordings").asInt()).isEqualTo(expected.recordings());
        assertThat(session.get("peakUsers").asInt()).isEqualTo(expected.peakUsers());

        Map<Long, JsonNode> rows = rowsByOperator(
                hub.apiItems("/api/sessions/" + site + "/" + expected.classNo() + "/attendance"));
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expected.attendance().keySet());
        expected.attendance().forEach((operator, truth) -> assertRow(rows.get(operator), truth.joins(),
                truth.repeatedJoins(), truth.normalExits(), truth.abnormalExits(), truth.closedByStop(),
                truth.orphanLeaves(), truth.seconds()));

        // the class report: live time and each attendee's time present during it
        JsonNode report = hub.apiJson("/api/sessions/" + site + "/" + expected.classNo() + "/report");
        assertThat(report.get("class").get("liveSeconds").asLong()).isEqualTo(expected.liveSeconds());
        assertThat(report.get("class").get("pauses").asInt()).isEqualTo(expected.pauses());
        Map<Long, JsonNode> presence = rowsByOperator(report.get("attendees"));
        expected.presentWhileLive().forEach((operator, seconds) -> assertThat(
                presence.get(operator).get("presentSeconds").asLong()).as("present of %s", operator).isEqualTo(seconds));

        Map<Long, JsonNode> views = rowsByOperator(
                hub.apiItems("/api/vod/" + site + "/" + expected.vodClassNo() + "/views"));
        assertThat(views.keySet()).containsExactlyInAnyOrderElementsOf(expected.views().keySet());
        expected.views().forEach((operator, truth) -> {
            JsonNode row = views.get(operator);
            assertThat(row.get("views").asInt()).as("views of %s", row).isEqualTo(truth.views());
            assertThat(row.get("orphanEnds").asInt()).as("orphanEnds of %s", row).isEqualTo(truth.orphanEnds());
            assertThat(row.get("seconds").asLong()).as("seconds of %s", row).isEqualTo(truth.seconds());
        });
    }
}
