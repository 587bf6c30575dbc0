package com.genseehub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every list that grows pages like {@code /api/events}: {@code offset}/{@code limit}, a page of
 * {@code {"items", "offset", "limit", "nextOffset"}}, {@code nextOffset} null on the last page, a 400 with
 * a one-line reason for a bad offset or limit. The facts are written straight into the tables (JDBC
 * batches, a site of this test's own), so that thousands of rows cost little. Run once per database (H2
 * and PostgreSQL subclasses), since the orders are SQL.
 */
abstract class PagingTests extends RunningHubTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    /** A site of this test only: no other test's facts are in its listings, and they are removed after it. */
    private final String site = "pg" + UUID.randomUUID().toString().substring(0, 8);

    @Autowired
    DataSource dataSource;

    JdbcTemplate jdbc;

    @AfterEach
    void removeThisSitesFacts() {
        for (String table : List.of("class_session", "attendee", "vod_viewer", "gensee_interval",
                "reconciled_interval", "class_reconciliation", "gensee_vod_view", "qa_question", "qa_answer",
                "rollcall_checkin")) {
            jdbc().update("delete from " + table + " where site = ?", site);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/sessions", "/api/sessions/ended?since=2030-01-01T00:00:00Z",
            "/api/sessions/S/X/attendance", "/api/vod", "/api/vod/S/X/views", "/api/qa?site=S", "/api/rollcall?site=S",
            "/api/events", "/api/quarantine", "/api/deliveries", "/api/dispatch-failures"})
    void aBadOffsetOrLimitIsA400WithAOneLineReason(String path) {
        String p = path.replace("/S/", "/" + site + "/").replace("site=S", "site=" + site);
        String and = p.contains("?") ? "&" : "?";
        assertThat(hub.api("GET", p, null).statusCode()).as(p).isEqualTo(200);
        for (String bad : List.of("limit=0", "limit=1001", "offset=-1", "limit=ten", "offset=x")) {
            HttpResponse<String> response = hub.api("GET", p + and + bad, null);
            assertThat(response.statusCode()).as(p + and + bad).isEqualTo(400);
            String reason = hub.json(response.body()).get("error").asText();
            assertThat(reason).as(p + and + bad).isNotBlank().doesNotContain("\n")
                    .containsAnyOf("limit", "offset");
        }
    }

    @Test
    void sessionsPageNewestFirstWithTiesInAStableOrder() {
        // 230 classes, ten to each instant: the ties are ordered by class number, descending
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            String state = i % 7 == 0 ? "LIVE" : i % 11 == 0 ? "PAUSED" : "STOPPED";
            rows.add(new Object[] {site, String.format("C%03d", i), state, utc(T0.plusSeconds(i / 10))});
        }
        jdbc().batchUpdate("insert into class_session (site, class_no, state, last_event_at) values (?, ?, ?, ?)", rows);
        List<String> expected = IntStream.range(0, 230).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> i / 10).thenComparingInt(i -> i).reversed())
                .map(i -> String.format("C%03d", i)).toList();

        List<JsonNode> all = chain("/api/sessions?site=" + site, 40);
        assertThat(all).extracting(s -> s.get("classNo").asText()).containsExactlyElementsOf(expected);
        assertThat(hub.apiJson("/api/sessions?site=" + site).get("items")).hasSize(100);

        // the dashboard's search: an exact class number, a prefix, and LIKE's wildcards taken literally
        assertThat(classNos("/api/sessions?site=" + site + "&classNo=C007")).containsExactly("C007");
        assertThat(classNos("/api/sessions?site=" + site + "&classNo=C01"))
                .containsExactly("C019", "C018", "C017", "C016", "C015", "C014", "C013", "C012", "C011", "C010");
        jdbc().update("insert into class_session (site, class_no, state, last_event_at) values (?, ?, ?, ?)",
                site, "C_%!x", "LIVE", utc(T0));
        assertThat(classNos("/api/sessions?site=" + site + "&classNo=C_")).containsExactly("C_%!x");
        assertThat(classNos("/api/sessions?site=" + site + "&classNo=C_%25!")).containsExactly("C_%!x");
        assertThat(classNos("/api/sessions?site=" + site + "&classNo=C%25")).isEmpty();
        assertThat(classNos("/api/sessions?site=" + site + "&classNo=D")).isEmpty();

        // the overview's live table: classes of some states only
        List<String> live = classNos("/api/sessions?site=" + site + "&state=LIVE,PAUSED&classNo=C0");
        assertThat(live).containsExactlyElementsOf(expected.stream()
                .filter(c -> { int i = Integer.parseInt(c.substring(1)); return i < 100 && (i % 7 == 0 || i % 11 == 0); })
                .toList());
        HttpResponse<String> badState = hub.api("GET", "/api/sessions?state=SLEEPING", null);
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(hub.json(badState.body()).get("error").asText()).startsWith("state must be one of");
    }

    @Test
    void endedClassesPageLatestStopFirst() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            rows.add(new Object[] {site, String.format("E%03d", i), "STOPPED", utc(T0.plusSeconds(i / 4)),
                    utc(T0.plusSeconds(i / 4))});
        }
        // one stopped before the instant asked for, one still live
        rows.add(new Object[] {site, "E900", "STOPPED", utc(T0.minusSeconds(1)), utc(T0.minusSeconds(1))});
        rows.add(new Object[] {site, "E901", "LIVE", null, utc(T0)});
        jdbc().batchUpdate("insert into class_session (site, class_no, state, stopped_at, last_event_at)"
                + " values (?, ?, ?, ?, ?)", rows);
        List<String> expected = IntStream.range(0, 120).boxed()
                .sorted(Comparator.<Integer>comparingInt(i -> i / 4).thenComparingInt(i -> i).reversed())
                .map(i -> String.format("E%03d", i)).toList();
        String path = "/api/sessions/ended?site=" + site + "&since=" + T0;
        assertThat(chain(path, 25)).extracting(s -> s.get("classNo").asText()).containsExactlyElementsOf(expected);
        assertThat(classNos(path + "&classNo=E11")).containsExactly("E119", "E118", "E117", "E116", "E115", "E114",
                "E113", "E112", "E111", "E110");
    }

    @Test
    void attendancePagesByOperatorWithTheUsersOnlyGenseesRecordKnows() {
        String classNo = "A1";
        insertAttendees(classNo, 1_000_000_000L, 2_345, 3);
        // Gensee's record of the class: two of the attendees and five users the callbacks never told of
        List<Object[]> gensee = new ArrayList<>();
        LongStream.of(1_000_000_003L, 1_000_000_006L, 999_999_999L, 999_999_998L, 1_000_002_345L, 1_000_050_000L,
                        1_000_099_999L)
                .forEach(operator -> gensee.add(new Object[] {site, classNo, operator, utc(T0), utc(T0.plusSeconds(60))}));
        jdbc().batchUpdate("insert into gensee_interval (site, class_no, operator, joined_at, left_at)"
                + " values (?, ?, ?, ?, ?)", gensee);
        jdbc().update("""
                insert into class_reconciliation (site, class_no, export_seq, fetched_at, tolerance_seconds, matched,
                missing_joins, missing_leaves, gensee_only_users, hub_only_users, duration_differences, ignored_records)
                values (?, ?, 1, ?, 60, 0, 0, 0, 5, 0, 0, 0)""", site, classNo, utc(T0));

        List<JsonNode> all = chain("/api/sessions/" + site + "/" + classNo + "/attendance", 300);
        assertThat(all).hasSize(2_345 + 5);
        assertThat(all).extracting(r -> r.get("operator").asLong()).isSortedAccordingTo(Comparator.naturalOrder())
                .doesNotHaveDuplicates()
                .contains(999_999_998L, 999_999_999L, 1_000_002_345L, 1_000_050_000L, 1_000_099_999L);
        JsonNode onlyGensee = all.get(1);
        assertThat(onlyGensee.get("operator").asLong()).isEqualTo(999_999_999L);
        assertThat(onlyGensee.get("joins").asInt()).isZero();
        assertThat(onlyGensee.get("genseeSeconds").asLong()).isEqualTo(60);
        JsonNode attendee = all.stream().filter(r -> r.get("operator").asLong() == 1_000_000_006L).findFirst().orElseThrow();
        assertThat(attendee.get("joins").asInt()).isEqualTo(1);
        assertThat(attendee.get("seconds").asLong()).isEqualTo(6 % 3 * 60 + 60);
        assertThat(attendee.get("genseeSeconds").asLong()).isEqualTo(60);
        JsonNode notInGensee = all.stream().filter(r -> r.get("operator").asLong() == 1_000_000_005L).findFirst().orElseThrow();
        assertThat(notInGensee.get("genseeSeconds").asLong()).isZero();

        // the CSV has the same rows, the same order, one line each
        String[] csv = hub.api("GET", "/api/sessions/" + site + "/" + classNo + "/attendance?format=csv", null)
                .body().split("\r\n");
        assertThat(csv).hasSize(all.size() + 1);
        for (int i = 0; i < all.size(); i++) {
            JsonNode row = all.get(i);
            assertThat(csv[i + 1]).startsWith(row.get("operator").asText() + "," + row.get("joins").asText() + ",");
            assertThat(csv[i + 1]).endsWith("," + row.get("genseeSeconds").asText() + ","
                    + row.get("reconciledSeconds").asText());
        }
    }

    /** A class only Gensee's record knows, three intervals per user: each user is listed once, on every page. */
    @Test
    void attendanceListsEachUserOnceHoweverManyIntervalsTheyHave() {
        String classNo = "A2";
        List<Object[]> gensee = new ArrayList<>();
        for (int u = 0; u < 1_400; u++) {
            for (int i = 0; i < 3; i++) {
                gensee.add(new Object[] {site, classNo, 1_000_000_000L + u, utc(T0.plusSeconds(100 * i)),
                        utc(T0.plusSeconds(100 * i + 10))});
            }
        }
        jdbc().batchUpdate("insert into gensee_interval (site, class_no, operator, joined_at, left_at)"
                + " values (?, ?, ?, ?, ?)", gensee);
        List<Long> expected = LongStream.range(0, 1_400).map(u -> 1_000_000_000L + u).boxed().toList();
        assertThat(chain("/api/sessions/" + site + "/" + classNo + "/attendance", 250))
                .extracting(r -> r.get("operator").asLong()).containsExactlyElementsOf(expected);
        String[] csv = hub.api("GET", "/api/sessions/" + site + "/" + classNo + "/attendance?format=csv", null)
                .body().split("\r\n");
        assertThat(csv).hasSize(1_401);
        for (int u = 0; u < 1_400; u++) {
            assertThat(csv[u + 1]).startsWith(expected.get(u) + ",0,");
        }
    }

    /** A webcast of 50,000 attendees: the CSV comes out whole, streamed (no length known in advance). */
    @Test
    void theCsvOfAWebcastOf50000AttendeesIsCompleteAndStreamed() {
        String classNo = "BIG";
        insertAttendees(classNo, 1_000_000_000L, 50_000, 7);
        HttpResponse<String> response = hub.api("GET", "/api/sessions/" + site + "/" + classNo + "/attendance?format=csv",
                null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(response.headers().firstValue("Content-Length")).as("streamed, not built first").isEmpty();
        String[] lines = response.body().split("\r\n");
        assertThat(lines).hasSize(50_001);
        assertThat(lines[0]).startsWith("operator,joins,");
        for (int i = 1; i < lines.length; i++) {
            long operator = 1_000_000_000L + i - 1;
            String[] cells = lines[i].split(",", -1);
            assertThat(cells).hasSize(AttendanceRows.COLUMNS.size());
            assertThat(cells[0]).isEqualTo(String.valueOf(operator));
            assertThat(cells[7]).as("seconds of " + operator).isEqualTo(String.valueOf((i - 1) % 7 * 60 + 60));
        }
        assertThat(hub.apiJson("/api/sessions/" + site + "/" + classNo + "/attendance?offset=49990&limit=1000")
                .get("items")).hasSize(10);
    }

    @Test
    void vodViewersAndCoursewaresPage() {
        List<Object[]> viewers = new ArrayList<>();
        for (int c = 0; c < 60; c++) {
            for (int v = 0; v < (c == 0 ? 1_234 : 1); v++) {
                viewers.add(new Object[] {site, String.format("V%02d", c), 1_000_000_000L + v, 1, 60_000L,
                        utc(T0.plusSeconds(c)), utc(T0.plusSeconds(c / 3 + 60))});
            }
        }
        jdbc().batchUpdate("insert into vod_viewer (site, class_no, operator, views, millis, first_view, last_end)"
                + " values (?, ?, ?, ?, ?, ?, ?)", viewers);
        jdbc().update("insert into gensee_vod_view (site, view_date, class_no, operator, seconds) values (?, ?, ?, ?, ?)",
                site, "2030-01-01", "V00", 1_000_001_200L, 42);

        List<JsonNode> all = chain("/api/vod/" + site + "/V00/views", 100);
        assertThat(all).extracting(v -> v.get("operator").asLong())
                .containsExactlyElementsOf(LongStream.range(0, 1_234).map(v -> 1_000_000_000L + v).boxed().toList());
        // Gensee's record, fetched for this courseware, counts on every page: 0 for viewers it does not list
        assertThat(all.get(0).get("genseeSeconds").asLong()).isZero();
        assertThat(all.get(1_200).get("genseeSeconds").asLong()).isEqualTo(42);

        List<String> expected = IntStream.range(0, 60).boxed()
                .sorted(Comparator.<Integer>comparingInt(c -> c / 3).reversed().thenComparingInt(c -> c))
                .map(c -> String.format("V%02d", c)).toList();
        assertThat(chain("/api/vod?site=" + site, 7)).extracting(c -> c.get("classNo").asText())
                .containsExactlyElementsOf(expected);
    }

    @Test
    void questionsPageNewestFirstEachWithItsAnswers() {
        List<Object[]> questions = new ArrayList<>();
        List<Object[]> answers = new ArrayList<>();
        for (int q = 0; q < 130; q++) {
            questions.add(new Object[] {site, String.format("q%03d", q), "W1", "client", "1", "asker", "question " + q,
                    utc(T0.plusSeconds(q / 2))});
            for (int a = 0; a < q % 3; a++) {
                answers.add(new Object[] {site, "a" + q + "-" + a, String.format("q%03d", q), "W1", "2", "teacher",
                        "answer " + a + " to " + q, utc(T0.plusSeconds(q + a + 1))});
            }
        }
        // a question of another webcast of the site
        questions.add(new Object[] {site, "other", "W2", "web", "1", "asker", "elsewhere", utc(T0)});
        jdbc().batchUpdate("insert into qa_question (site, id, webcast_id, source, uid, uname, text, asked_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?)", questions);
        jdbc().batchUpdate("insert into qa_answer (site, id, question_id, webcast_id, uid, uname, text, answered_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?)", answers);

        List<JsonNode> all = chain("/api/qa?site=" + site + "&webcastId=W1", 20);
        List<String> expected = IntStream.range(0, 130).boxed()
                .sorted(Comparator.<Integer>comparingInt(q -> q / 2).thenComparingInt(q -> q).reversed())
                .map(q -> String.format("q%03d", q)).toList();
        assertThat(all).extracting(q -> q.get("id").asText()).containsExactlyElementsOf(expected);
        for (JsonNode question : all) {
            int q = Integer.parseInt(question.get("id").asText().substring(1));
            assertThat(question.get("answers")).extracting(a -> a.get("text").asText())
                    .containsExactlyElementsOf(IntStream.range(0, q % 3).mapToObj(a -> "answer " + a + " to " + q).toList());
        }
        assertThat(chain("/api/qa?site=" + site, 1000)).hasSize(131);
    }

    @Test
    void rollCallCheckInsPageNewestFirst() {
        long firstSeq = 9_000_000_000_000L + Math.abs(site.hashCode()) * 1_000L;
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            rows.add(new Object[] {firstSeq + i, site, "W1", 1_000_000_000L + i, utc(T0.plusSeconds(i / 5))});
        }
        jdbc().batchUpdate("insert into rollcall_checkin (seq, site, webcast_id, userid, checked_in_at)"
                + " values (?, ?, ?, ?, ?)", rows);
        List<Long> expected = LongStream.range(0, 150).map(i -> 149 - i).map(i -> 1_000_000_000L + i).boxed().toList();
        assertThat(chain("/api/rollcall?site=" + site + "&webcastId=W1", 33)).extracting(c -> c.get("userid").asLong())
                .containsExactlyElementsOf(expected);
    }

    /**
     * Follows {@code nextOffset} from offset 0 with this limit: every page but the last full, each
     * {@code nextOffset} the offset plus the limit, the last page's null. The items of all pages.
     */
    private List<JsonNode> chain(String path, int limit) {
        String and = path.contains("?") ? "&" : "?";
        List<JsonNode> all = new ArrayList<>();
        int offset = 0;
        while (true) {
            JsonNode page = hub.apiJson(path + and + "offset=" + offset + "&limit=" + limit);
            assertThat(page.get("offset").asInt()).isEqualTo(offset);
            assertThat(page.get("limit").asInt()).isEqualTo(limit);
            page.get("items").forEach(all::add);
            if (page.get("nextOffset").isNull()) {
                assertThat(page.get("items").size()).as("the last page of " + path).isBetween(0, limit);
                return all;
            }
            assertThat(page.get("items")).as("a page before the last of " + path).hasSize(limit);
            assertThat(page.get("nextOffset").asInt()).isEqualTo(offset + limit);
            offset = page.get("nextOffset").asInt();
        }
    }

    private List<String> classNos(String path) {
        List<String> classNos = new ArrayList<>();
        hub.apiJson(path).get("items").forEach(s -> classNos.add(s.get("classNo").asText()));
        return classNos;
    }

    /** {@code count} attendees from Operator {@code first}, one join each, present (i % cycle + 1) minutes. */
    private void insertAttendees(String classNo, long first, int count, int cycle) {
        List<Object[]> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {site, classNo, first + i, 1, 1, (i % cycle + 1) * 60_000L, utc(T0), utc(T0.plusSeconds(600))});
        }
        jdbc().batchUpdate("""
                insert into attendee (site, class_no, operator, joins, normal_exits, millis, first_join, last_leave)
                values (?, ?, ?, ?, ?, ?, ?, ?)""", rows);
    }

    private JdbcTemplate jdbc() {
        if (jdbc == null) {
            jdbc = new JdbcTemplate(dataSource);
        }
        return jdbc;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
