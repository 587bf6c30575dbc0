package com.genseehub.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.attendance.ClassFiguresChanged;
import com.genseehub.simulator.ClassScenario;
import com.genseehub.simulator.Expected;
import com.genseehub.simulator.Script;
import com.genseehub.simulator.Simulator;
import com.genseehub.simulator.Step;
import com.genseehub.support.GenseeStandIn;
import com.genseehub.support.MutableClock;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Reconciliation against a local stand-in of Gensee's integration API over real HTTP: classes played
 * by the simulator (or by hand) whose callbacks got lost are repaired to what really happened; the
 * schedule, faults, names, user ids and VOD history. Run once per database (H2 and PostgreSQL).
 *
 * <p>Sites: {@code rw} webcast (plain password, uid offset), {@code rt} training lecture (MD5 password
 * with sec=true, Asia/Shanghai), {@code rv} webcast with VOD history, {@code rdown} (nothing listens at
 * its API), {@code rbad} (a wrong password); {@code demo} has no API account.
 */
abstract class ReconciliationTests extends RunningHubTest {

    static final String LOGIN = "hub-login";
    static final String PASSWORD = "s3cret 密码&=";
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final GenseeStandIn GENSEE = GenseeStandIn.startQuietly(LOGIN, PASSWORD, SHANGHAI);
    static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @DynamicPropertySource
    static void genseeApi(DynamicPropertyRegistry registry) throws IOException {
        site(registry, "rw", "webcast", GENSEE.baseUrl(), PASSWORD, false, false);
        registry.add("hub.sites.rw.uid-offset", () -> "1000000000");
        registry.add("hub.sites.rw.page-key", () -> "rw-pages");
        site(registry, "rt", "training", GENSEE.baseUrl(), PASSWORD, true, false);
        registry.add("hub.sites.rt.class-type", () -> "lecture");
        site(registry, "rv", "webcast", GENSEE.baseUrl(), PASSWORD, false, true);
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        site(registry, "rdown", "webcast", URI.create("http://127.0.0.1:" + closed + "/integration/site/"), PASSWORD,
                false, false);
        site(registry, "rbad", "webcast", GENSEE.baseUrl(), "not the password", false, false);
        registry.add("hub.reconcile.poll-interval", () -> "200ms");
        registry.add("hub.reconcile.initial-delay", () -> "1m");
        registry.add("hub.reconcile.max-delay", () -> "4m");
        registry.add("hub.reconcile.max-attempts", () -> "3");
    }

    private static void site(DynamicPropertyRegistry registry, String key, String product, URI baseUrl, String password,
                             boolean md5, boolean vod) {
        registry.add("hub.sites." + key + ".product", () -> product);
        registry.add("hub.sites." + key + ".gensee-api.base-url", baseUrl::toString);
        registry.add("hub.sites." + key + ".gensee-api.login-name", () -> LOGIN);
        registry.add("hub.sites." + key + ".gensee-api.password", () -> password);
        registry.add("hub.sites." + key + ".gensee-api.password-md5", () -> Boolean.toString(md5));
        registry.add("hub.sites." + key + ".gensee-api.vod", () -> Boolean.toString(vod));
    }

    /** Collects the ClassFiguresChanged events the hub publishes. */
    @TestConfiguration(proxyBeanMethods = false)
    static class FiguresListener {
        @Bean
        ChangedFigures changedFigures() {
            return new ChangedFigures();
        }
    }

    static class ChangedFigures {
        final List<ClassFiguresChanged> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(ClassFiguresChanged event) {
            seen.add(event);
        }
    }

    @Autowired
    MutableClock clock;

    @Autowired
    ChangedFigures changedFigures;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ReconcileJobs jobs;

    @Autowired
    ReconcileStore store;

    @AfterEach
    void releaseTheStandIn() {
        GENSEE.release();
    }

    // ---- the repair

    @Test
    void aClassWhoseCallbacksLostTwoLeavesAndAJoinIsRepairedToTheTrueDurations() {
        String classNo = uniqueClassNo("RW");
        Script script = ClassScenario.webcast(classNo).attendees(8).abnormalExits(1).missingLeaves(1).lostLeaves(2)
                .lostJoins(1).duplicateJoins(1).earlyWebUsers(1).vodViewers(0).lateVodEnds(0).seed(31).build();
        Instant start = clock.instant();
        assertThat(simulator("rw").play(script).allAcknowledged()).isTrue();
        hub.awaitDispatched();
        Instant stoppedAt = clock.instant();
        Expected truth = script.expected();
        GENSEE.webcast(classNo, stays(truth, start));

        // nothing is asked before hub.reconcile.delay
        JsonNode pending = hub.apiJson("/api/sessions/rw/" + classNo).get("reconciliation");
        assertThat(pending.get("state").asText()).isEqualTo("pending");
        assertThat(GENSEE.requestsAbout(classNo)).isEmpty();
        assertThat(jdbc.sql("select due_at from reconcile_job where site = 'rw' and target = ? order by pass")
                .param(classNo).query(java.time.OffsetDateTime.class).list())
                .extracting(java.time.OffsetDateTime::toInstant)
                .containsExactly(stoppedAt.plus(Duration.ofMinutes(10)), stoppedAt.plus(Duration.ofHours(24)));
        String callbackFigures = attendanceWithout(classNo, "genseeSeconds", "reconciledSeconds", "name");

        clock.advance(Duration.ofMinutes(10));
        JsonNode reconciliation = awaitState("rw", classNo, "done");

        // the callbacks' own figures are untouched; the layer has the true presence of everyone
        Map<Long, JsonNode> rows = rowsByOperator(hub.apiItems("/api/sessions/rw/" + classNo + "/attendance"));
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(truth.attendance().keySet());
        assertThat(attendanceWithout(classNo, "genseeSeconds", "reconciledSeconds", "name")).isEqualTo(callbackFigures);
        int matched = 0;
        int differences = 0;
        for (Map.Entry<Long, JsonNode> row : rows.entrySet()) {
            long operator = row.getKey();
            long present = truth.presentSeconds(operator);
            JsonNode r = row.getValue();
            assertThat(r.get("seconds").asLong()).as("callback seconds of %s", operator)
                    .isEqualTo(truth.attendance().get(operator).seconds());
            assertThat(r.get("reconciledSeconds").asLong()).as("reconciled seconds of %s", operator).isEqualTo(present);
            assertThat(r.get("genseeSeconds").asLong()).as("Gensee's seconds of %s", operator).isEqualTo(present);
            assertThat(r.get("name").asText()).isEqualTo(nickname(operator));
            assertThat(r.get("userId").asLong()).isEqualTo(operator - ClassScenario.UID_OFFSET);
            if (truth.attendance().get(operator).joins() > 0) {
                if (Math.abs(r.get("seconds").asLong() - present) > 60) {
                    differences++;
                } else {
                    matched++;
                }
            }
        }
        assertThat(differences).as("the crash and the two lost leaves").isEqualTo(3);
        assertThat(reconciliation.get("missingLeaves").asInt()).isEqualTo(3);
        assertThat(reconciliation.get("missingJoins").asInt()).as("the lost join and the early web user").isEqualTo(2);
        assertThat(reconciliation.get("genseeOnlyUsers").asInt()).isZero();
        assertThat(reconciliation.get("hubOnlyUsers").asInt()).isZero();
        assertThat(reconciliation.get("durationDifferences").asInt()).isEqualTo(differences);
        assertThat(reconciliation.get("matched").asInt()).isEqualTo(matched);
        assertThat(reconciliation.get("toleranceSeconds").asInt()).isEqualTo(60);
        assertThat(Instant.parse(reconciliation.get("fetchedAt").asText())).isEqualTo(stoppedAt.plus(Duration.ofMinutes(10)));
        // published once the dispatch transaction has committed, which may be just after the state reads "done"
        await().until(() -> changedFigures.seen.contains(new ClassFiguresChanged("rw", classNo)));

        // asked as configured: the webcast's id, the plain password, no sec
        GenseeStandIn.Request asked = GENSEE.requestsAbout(classNo).get(0);
        assertThat(asked.call()).isEqualTo("webcast/export/history");
        assertThat(asked.params()).containsEntry("loginName", LOGIN).containsEntry("password", PASSWORD)
                .doesNotContainKey("sec");
        // journaled as kind export with the answer as received, without the password
        JsonNode export = exportEvent(classNo);
        assertThat(export.get("params").get("call").asText()).isEqualTo("webcast/export/history");
        assertThat(export.get("params").get("answer").asText()).contains("\"joinTime\":" + start.toEpochMilli());
        assertThat(export.get("params").get("asked").asText()).isEqualTo("{\"webcastId\":\"" + classNo + "\"}");
        assertThat(export.toString()).doesNotContain("s3cret");

        // a rebuild from the journal gives the same figures and outcome
        String before = hub.apiJson("/api/sessions/rw/" + classNo).toString()
                + hub.apiItems("/api/sessions/rw/" + classNo + "/attendance");
        assertThat(hub.api("POST", "/api/admin/rebuild", null).statusCode()).isEqualTo(200);
        hub.awaitDispatched();
        assertThat(hub.apiJson("/api/sessions/rw/" + classNo).toString()
                + hub.apiItems("/api/sessions/rw/" + classNo + "/attendance")).isEqualTo(before);

        // the second pass, a day after the stop, fetches again
        clock.advance(Duration.ofHours(24));
        await().atMost(Duration.ofSeconds(20)).until(() -> GENSEE.requestsAbout(classNo).size() == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> Instant.parse(hub.apiJson("/api/sessions/rw/" + classNo)
                .get("reconciliation").get("fetchedAt").asText()).isAfter(stoppedAt.plus(Duration.ofHours(24))));
    }

    @Test
    void aTrainingClassIsAskedForByRoomAndTimeInTheSitesZoneWithTheMd5Password() {
        GENSEE.successCode("200");
        try {
            String classNo = uniqueClassNo("RT");
            long anna = 1_000_000_101L;
            long ben = 1_000_000_102L;
            Instant t0 = clock.instant();
            live("rt", classNo, 102, 0, 1);
            pass(60);
            live("rt", classNo, 103, 0, 1);
            live("rt", classNo, 101, anna, 2);
            pass(30);
            live("rt", classNo, 101, ben, 3);    // ben joins at t0+90
            pass(600);
            live("rt", classNo, 107, anna, 2);   // anna: 630 s
            pass(420);                           // ben left at t0+990; the 107 never arrived
            live("rt", classNo, 105, 0, 0);      // stopped at t0+1110: ben's interval closed, 1020 s
            hub.awaitDispatched();
            GENSEE.room(classNo, List.of(
                    new GenseeStandIn.Stay(anna, "安娜", t0.plusSeconds(62), t0.plusSeconds(688)),
                    new GenseeStandIn.Stay(ben, "Ben", t0.plusSeconds(91), t0.plusSeconds(990))));

            var response = hub.api("POST", "/api/sessions/rt/" + classNo + "/reconcile", null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode outcome = json(response.body());
            assertThat(outcome.get("state").asText()).isEqualTo("done");
            assertThat(outcome.get("missingLeaves").asInt()).isEqualTo(1);
            assertThat(outcome.get("matched").asInt()).isEqualTo(1);

            GenseeStandIn.Request asked = GENSEE.requestsAbout(classNo).get(0);
            assertThat(asked.call()).isEqualTo("training/export/history");
            assertThat(asked.params()).containsEntry("loginName", LOGIN)
                    .containsEntry("password", GenseeStandIn.md5Hex(PASSWORD)).containsEntry("sec", "true")
                    .containsEntry("startTime", TEXT_TIME.format(t0.minus(Duration.ofMinutes(30)).atZone(SHANGHAI)))
                    .containsEntry("endTime", TEXT_TIME.format(t0.plusSeconds(1110 + 1800).atZone(SHANGHAI)));

            Map<Long, JsonNode> rows = rowsByOperator(hub.apiItems("/api/sessions/rt/" + classNo + "/attendance"));
            assertThat(rows.get(ben).get("seconds").asLong()).isEqualTo(1020);
            assertThat(rows.get(ben).get("reconciledSeconds").asLong()).isEqualTo(900);
            assertThat(rows.get(ben).get("genseeSeconds").asLong()).isEqualTo(899);
            assertThat(rows.get(anna).get("reconciledSeconds").asLong()).isEqualTo(630);
            assertThat(rows.get(anna).get("genseeSeconds").asLong()).isEqualTo(626);
            assertThat(rows.get(anna).get("name").asText()).isEqualTo("安娜");
            assertThat(rows.get(anna).has("userId")).as("rt has no uid-offset").isFalse();

            // the reconciled intervals, for the class report
            List<ReconciledInterval> intervals = reconciledIntervals("rt", classNo);
            assertThat(intervals).containsExactly(
                    new ReconciledInterval(anna, t0.plusSeconds(60), t0.plusSeconds(690), ReconciledInterval.Source.CALLBACK,
                            com.genseehub.attendance.Attendee.Exit.LEFT),
                    new ReconciledInterval(ben, t0.plusSeconds(90), t0.plusSeconds(990),
                            ReconciledInterval.Source.REPAIRED_LEAVE, null));

            // the class report counts them: ben's repaired leave, each attendee's name from Gensee's record
            Map<Long, JsonNode> report = rowsByOperator(hub.apiJson("/api/sessions/rt/" + classNo + "/report").get("attendees"));
            assertThat(report.get(ben).get("presentSeconds").asLong()).isEqualTo(900);
            assertThat(report.get(ben).get("intervals").get(0).get("end").asText()).isEqualTo("repaired");
            assertThat(report.get(ben).get("name").asText()).isEqualTo("Ben");
            assertThat(report.get(anna).get("presentSeconds").asLong()).isEqualTo(630);
            assertThat(report.get(anna).get("intervals").get(0).get("end").asText()).isEqualTo("normal");
            assertThat(report.get(anna).get("name").asText()).isEqualTo("安娜");
        } finally {
            GENSEE.successCode("0");
        }
    }

    @Test
    void aLongClassIsAskedForNoMoreThanSevenDays() {
        String classNo = uniqueClassNo("RL");
        live("rt", classNo, 102, 0, 1);
        pass(Duration.ofDays(9).toSeconds());
        live("rt", classNo, 103, 0, 1);
        live("rt", classNo, 101, 1_000_000_101L, 2);
        pass(600);
        live("rt", classNo, 105, 0, 0);
        hub.awaitDispatched();
        Instant stop = clock.instant();
        GENSEE.room(classNo, List.of(new GenseeStandIn.Stay(1_000_000_101L, "Li", stop.minusSeconds(600), stop)));

        var response = hub.api("POST", "/api/sessions/rt/" + classNo + "/reconcile", null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        GenseeStandIn.Request asked = GENSEE.requestsAbout(classNo).get(0);
        Instant from = LocalDateTime.parse(asked.params().get("startTime"), TEXT_TIME).atZone(SHANGHAI).toInstant();
        Instant to = LocalDateTime.parse(asked.params().get("endTime"), TEXT_TIME).atZone(SHANGHAI).toInstant();
        assertThat(to).isEqualTo(stop.plus(Duration.ofMinutes(30)));
        assertThat(Duration.between(from, to)).isEqualTo(Duration.ofDays(7));
    }

    // ---- faults

    @Test
    void aRefusalIsShownAsFailedWithGenseesMessageAndRetriedWithBackoff() {
        String classNo = uniqueClassNo("RF");
        shortClass("rw", classNo);
        genseeKnowsTheShortClass(classNo);
        GENSEE.answerNext(classNo, "{\"code\":\"-1\",\"message\":\"查询时间范围不能超过7天\"}");
        double failedBefore = metric("hub_reconcile_attempts_total", "rw", "failed");

        clock.advance(Duration.ofMinutes(10));
        Instant failedAt = clock.instant();
        JsonNode failed = awaitFailure("rw", classNo, 1);
        assertThat(failed.get("message").asText()).isEqualTo("Gensee answered code -1: 查询时间范围不能超过7天");
        assertThat(failed.get("attempts").asInt()).isEqualTo(1);
        Instant next = Instant.parse(failed.get("nextAttemptAt").asText());
        assertThat(next).isBetween(failedAt.plusSeconds(30), failedAt.plusSeconds(60));
        assertThat(metric("hub_reconcile_attempts_total", "rw", "failed")).isEqualTo(failedBefore + 1);

        clock.advance(Duration.ofMinutes(1));
        JsonNode done = awaitState("rw", classNo, "done");
        assertThat(done.has("message")).isFalse();
        assertThat(GENSEE.requestsAbout(classNo)).hasSize(2);
    }

    @Test
    void unreachableApiAndWrongCredentialsFailWithTheirMessage() {
        String down = uniqueClassNo("RD");
        shortClass("rdown", down);
        var unreachable = hub.api("POST", "/api/sessions/rdown/" + down + "/reconcile", null);
        assertThat(unreachable.statusCode()).isEqualTo(502);
        JsonNode outcome = json(unreachable.body());
        assertThat(outcome.get("state").asText()).isEqualTo("failed");
        assertThat(outcome.get("message").asText()).contains("Connect").contains("refused");
        assertThat(outcome.get("nextAttemptAt").isTextual()).isTrue();

        String bad = uniqueClassNo("RB");
        shortClass("rbad", bad);
        var refused = hub.api("POST", "/api/sessions/rbad/" + bad + "/reconcile", null);
        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(json(refused.body()).get("message").asText())
                .isEqualTo("Gensee answered code -1: loginName or password is wrong");
        assertThat(hub.apiJson("/api/sessions/rbad/" + bad).get("reconciliation").get("state").asText())
                .isEqualTo("failed");
        assertThat(metric("hub_reconcile_attempts_total", "rbad", "failed")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void afterTheLastAttemptTheClassStaysFailedUntilTheSweepTriesAgain() {
        String classNo = uniqueClassNo("RS");
        shortClass("rw", classNo);
        genseeKnowsTheShortClass(classNo);
        String limit = "{\"code\":\"4001\",\"message\":\"call limit reached\"}";
        GENSEE.answerNext(classNo, limit, limit, limit);
        clock.advance(Duration.ofMinutes(10));
        JsonNode failed = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            failed = awaitFailure("rw", classNo, attempt);
            clock.advance(Duration.ofMinutes(4));
        }
        assertThat(failed.has("nextAttemptAt")).as("no attempt left").isFalse();
        assertThat(failed.get("message").asText()).isEqualTo("Gensee answered code 4001: call limit reached");
        assertThat(GENSEE.requestsAbout(classNo)).hasSize(3);

        assertThat(jobs.sweep()).isGreaterThanOrEqualTo(1);
        awaitState("rw", classNo, "done");
        assertThat(GENSEE.requestsAbout(classNo)).hasSize(4);
    }

    @Test
    void callbacksAndDispatchGoOnWhileGenseeDoesNotAnswer() {
        String classNo = uniqueClassNo("RH");
        shortClass("rw", classNo);
        GENSEE.webcast(classNo, List.of());
        GENSEE.hold(classNo);
        clock.advance(Duration.ofMinutes(10));
        await().atMost(Duration.ofSeconds(20)).until(() -> GENSEE.requestsAbout(classNo).size() == 1);

        // Gensee hangs: callbacks are taken and applied as usual meanwhile
        String other = uniqueClassNo("RO");
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            live("rw", other, 101, 1_000_000_200L + i, i + 1);
        }
        hub.awaitDispatched();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(hub.apiItems("/api/sessions/rw/" + other + "/attendance")).hasSize(20);
        assertThat(hub.apiJson("/api/sessions/rw/" + classNo).get("reconciliation").get("state").asText())
                .isEqualTo("pending");

        GENSEE.release();
        awaitState("rw", classNo, "done");
    }

    // ---- without an API account

    @Test
    void aSiteWithoutTheApiBehavesAsBefore() {
        String classNo = uniqueClassNo("RN");
        shortClass("demo", classNo);
        clock.advance(Duration.ofHours(25));

        JsonNode session = hub.apiJson("/api/sessions/demo/" + classNo);
        assertThat(session.get("reconciliation").toString()).isEqualTo("{\"state\":\"not configured\"}");
        JsonNode row = hub.apiItems("/api/sessions/demo/" + classNo + "/attendance").get(0);
        assertThat(row.get("seconds").asLong()).isEqualTo(100);
        assertThat(row.get("genseeSeconds").isNull()).isTrue();
        assertThat(row.get("reconciledSeconds").isNull()).isTrue();
        assertThat(row.get("name").isNull()).isTrue();
        assertThat(row.has("userId")).isFalse();
        assertThat(jdbc.sql("select count(*) from reconcile_job where site = 'demo'").query(Long.class).single()).isZero();
        var response = hub.api("POST", "/api/sessions/demo/" + classNo + "/reconcile", null);
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json(response.body()).get("state").asText()).isEqualTo("not configured");
        assertThat(hub.api("POST", "/api/sessions/demo/NOSUCH/reconcile", null).statusCode()).isEqualTo(404);
        assertThat(GENSEE.requestsAbout(classNo)).isEmpty();
    }

    // ---- names and user ids

    @Test
    void namesComeFromQaAndTheClassEndPageToo() throws Exception {
        String classNo = uniqueClassNo("RQ");
        long anna = 1_000_000_301L;
        long ben = 1_000_000_302L;
        live("rw", classNo, 101, anna, 1);
        live("rw", classNo, 101, ben, 2);
        pass(60);
        String form = "userid=" + anna + "&name=" + java.net.URLEncoder.encode("安娜", StandardCharsets.UTF_8)
                + "&question=hi&webcastid=" + classNo;
        HttpResponse<String> qa = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        hub.ingress().resolve("/gensee/rw/qa/web"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(qa.statusCode()).as(qa.body()).isEqualTo(200);
        assertThat(hub.get("/gensee/rw-pages/end?userid=" + ben + "&confid=" + classNo + "&username=Ben%20B").statusCode())
                .isEqualTo(200);
        hub.awaitDispatched();

        Map<Long, JsonNode> rows = rowsByOperator(hub.apiItems("/api/sessions/rw/" + classNo + "/attendance"));
        assertThat(rows.get(anna).get("name").asText()).isEqualTo("安娜");
        assertThat(rows.get(ben).get("name").asText()).isEqualTo("Ben B");
        assertThat(rows.get(ben).get("userId").asLong()).isEqualTo(302);
        String[] csv = hub.api("GET", "/api/sessions/rw/" + classNo + "/attendance?format=csv", null).body().split("\r\n");
        assertThat(csv[0]).endsWith(",name,userId,genseeSeconds,reconciledSeconds");
        assertThat(csv[1]).startsWith(anna + ",").endsWith(",安娜,301,,");
        assertThat(csv[2]).startsWith(ben + ",").endsWith(",Ben B,302,,");
    }

    // ---- VOD

    @Test
    void vodHistoryIsReadPageByPageForTheSitesThatUseIt() {
        String courseware = uniqueClassNo("V");
        long[] viewers = {1_000_000_401L, 1_000_000_402L, 1_000_000_403L};
        for (long viewer : viewers) {
            vod("rv", courseware, 111, viewer);
            pass(300);
            vod("rv", courseware, 112, viewer);
        }
        hub.awaitDispatched();
        String day = clock.instant().atZone(SHANGHAI).toLocalDate().toString();
        Instant t = clock.instant();
        List<GenseeStandIn.View> views = new ArrayList<>();
        views.add(new GenseeStandIn.View(courseware, viewers[0], "甲", t.minusSeconds(900), t.minusSeconds(600)));
        views.add(new GenseeStandIn.View(courseware, viewers[1], "乙", t.minusSeconds(600), t.minusSeconds(300)));
        views.add(new GenseeStandIn.View(courseware, viewers[2], "丙", t.minusSeconds(300), t));
        views.add(new GenseeStandIn.View(courseware, viewers[2], "丙", t.minusSeconds(200), t.minusSeconds(100)));
        views.add(new GenseeStandIn.View("OTHER" + courseware, viewers[0], "甲", t, t.plusSeconds(50)));
        GENSEE.vodDay(day, views);

        // the day is fetched once it has ended in the site's zone (plus hub.reconcile.vod-delay); the
        // stand-in is shared with the other database's run of these tests, which may have asked for this day
        int askedBefore = GENSEE.requestsAbout(day).size();
        jobs.sweep();
        assertThat(GENSEE.requestsAbout(day)).hasSize(askedBefore);
        Instant nextDay = clock.instant().atZone(SHANGHAI).toLocalDate().plusDays(1).atStartOfDay(SHANGHAI).toInstant();
        clock.advance(Duration.between(clock.instant(), nextDay.plus(Duration.ofHours(2))));
        jobs.sweep();
        await().atMost(Duration.ofSeconds(20)).until(() -> vodRows(courseware).get(0).get("genseeSeconds").isNumber());

        List<GenseeStandIn.Request> asked = GENSEE.requestsAbout(day).subList(askedBefore, GENSEE.requestsAbout(day).size());
        assertThat(asked).extracting(r -> r.params().get("pageNo")).containsExactly("1", "2", "3", "4");
        assertThat(asked).allSatisfy(r -> assertThat(r.call()).isEqualTo("webcast/export/vod/history"));
        Map<Long, JsonNode> rows = new HashMap<>();
        vodRows(courseware).forEach(row -> rows.put(row.get("operator").asLong(), row));
        assertThat(rows.get(viewers[0]).get("genseeSeconds").asLong()).isEqualTo(300);
        assertThat(rows.get(viewers[2]).get("genseeSeconds").asLong()).isEqualTo(400);
        assertThat(rows.get(viewers[2]).get("seconds").asLong()).isEqualTo(300);
        assertThat(rows.get(viewers[1]).get("name").asText()).isEqualTo("乙");
    }

    // ---- helpers

    private Simulator simulator(String site) {
        return new Simulator(hub.ingress(), site, clock::advance);
    }

    private static String uniqueClassNo(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String nickname(long operator) {
        return "学员" + (operator - ClassScenario.UID_OFFSET);
    }

    /** Gensee's record of a simulated class: everyone's true stays, times counted from the class's start. */
    private static List<GenseeStandIn.Stay> stays(Expected truth, Instant start) {
        List<GenseeStandIn.Stay> stays = new ArrayList<>();
        truth.presence().forEach((operator, presence) -> presence.forEach(p -> stays.add(new GenseeStandIn.Stay(
                operator, nickname(operator), start.plusSeconds(p.fromSecond()), start.plusSeconds(p.toSecond())))));
        return stays;
    }

    /** One user present 100 s, then the class stops. */
    private void shortClass(String site, String classNo) {
        live(site, classNo, 102, 0, 1);
        live(site, classNo, 103, 0, 1);
        live(site, classNo, 101, 1_000_000_101L, 2);
        pass(100);
        live(site, classNo, 107, 1_000_000_101L, 1);
        live(site, classNo, 105, 0, 0);
        hub.awaitDispatched();
    }

    /** Gensee's record of {@link #shortClass} that just stopped on a webcast site. */
    private void genseeKnowsTheShortClass(String classNo) {
        Instant stop = clock.instant();
        GENSEE.webcast(classNo, List.of(new GenseeStandIn.Stay(1_000_000_101L, "Li", stop.minusSeconds(100), stop)));
    }

    private JsonNode awaitState(String site, String classNo, String state) {
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            seen[0] = hub.apiJson("/api/sessions/" + site + "/" + classNo).get("reconciliation");
            return seen[0].get("state").asText().equals(state);
        });
        return seen[0];
    }

    /** Waits until the class shows the failure of this attempt. */
    private JsonNode awaitFailure(String site, String classNo, int attempt) {
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            seen[0] = hub.apiJson("/api/sessions/" + site + "/" + classNo).get("reconciliation");
            return seen[0].get("state").asText().equals("failed") && seen[0].get("attempts").asInt() == attempt;
        });
        return seen[0];
    }

    private String attendanceWithout(String classNo, String... fields) {
        JsonNode rows = hub.apiItems("/api/sessions/rw/" + classNo + "/attendance");
        rows.forEach(row -> ((com.fasterxml.jackson.databind.node.ObjectNode) row).remove(List.of(fields)));
        return rows.toString();
    }

    private JsonNode exportEvent(String classNo) {
        for (JsonNode event : hub.apiJson("/api/events?classNo=" + classNo).get("items")) {
            if (event.get("kind").asText().equals("export")) {
                return event;
            }
        }
        throw new AssertionError("no export event for " + classNo);
    }

    private List<ReconciledInterval> reconciledIntervals(String site, String classNo) {
        return store.reconciledIntervals(site, classNo);
    }

    private List<JsonNode> vodRows(String courseware) {
        List<JsonNode> rows = new ArrayList<>();
        hub.apiItems("/api/vod/rv/" + courseware + "/views").forEach(rows::add);
        return rows;
    }

    private double metric(String name, String site, String outcome) {
        var response = hub.get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        String text = response.body();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains("site=\"" + site + "\"")
                    && line.contains("outcome=\"" + outcome + "\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private void live(String site, String classNo, int action, long operator, int total) {
        assertThat(simulator(site).send(Step.Call.live(classNo, action, operator, total))).isNull();
    }

    private void vod(String site, String classNo, int action, long operator) {
        assertThat(simulator(site).send(Step.Call.vod(classNo, action, operator, 1))).isNull();
    }

    private void pass(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
    }

    private static Map<Long, JsonNode> rowsByOperator(JsonNode rows) {
        Map<Long, JsonNode> byOperator = new HashMap<>();
        rows.forEach(row -> byOperator.put(row.get("operator").asLong(), row));
        return byOperator;
    }

    private static JsonNode json(String body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
