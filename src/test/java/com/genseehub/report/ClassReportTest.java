package com.genseehub.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import com.genseehub.simulator.Script;
import com.genseehub.simulator.Simulator;
import com.genseehub.simulator.Step;
import com.genseehub.support.HubTest;
import com.genseehub.support.MutableClock;
import com.genseehub.support.RunningHubTest;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * GET /api/sessions/{site}/{classNo}/report over real HTTP: the numbers of a simulated class equal
 * what the simulation did, a hand-written class gives the numbers worked out by hand, the XLSX read
 * back with POI holds the same numbers in typed cells.
 */
@HubTest
@TestPropertySource(properties = {
        "hub.sites.demo.attendance.min-presence=0.5",
        "hub.sites.demo.attendance.min-minutes=4",
        "hub.report.time-zone=Asia/Shanghai"
})
class ClassReportTest extends RunningHubTest {

    @Autowired
    MutableClock clock;

    @Test
    void theReportOfASimulatedClassIsWhatTheSimulationDid() {
        String classNo = "R" + UUID.randomUUID().toString().substring(0, 8);
        Script script = ClassScenario.webcast(classNo).attendees(12).abnormalExits(3).missingLeaves(2)
                .duplicateJoins(2).earlyWebUsers(2).recordings(2).vodViewers(1).lateVodEnds(0).seed(31).build();
        assertThat(new Simulator(hub.ingress(), "demo", clock::advance).play(script).allAcknowledged()).isTrue();
        pushQuestionWithAnswer(classNo);
        rollCall(classNo, ClassScenario.UID_OFFSET + 100);
        rollCall(classNo, ClassScenario.UID_OFFSET + 101);
        hub.awaitDispatched();
        Expected truth = script.expected();

        JsonNode report = hub.apiJson("/api/sessions/demo/" + classNo + "/report");
        JsonNode figures = report.get("class");
        long live = truth.liveSeconds();
        assertThat(live).isPositive();
        assertThat(figures.get("state").asText()).isEqualTo("STOPPED");
        assertThat(figures.get("liveSeconds").asLong()).isEqualTo(live);
        assertThat(figures.get("liveSpans")).hasSize(2);
        assertThat(figures.get("pauses").asInt()).isEqualTo(truth.pauses()).isEqualTo(1);
        assertThat(figures.get("pausedSeconds").asLong()).isEqualTo(120);
        assertThat(figures.get("peakUsers").asInt()).isEqualTo(truth.peakUsers());
        assertThat(figures.get("recordings").asInt()).isEqualTo(truth.recordings());
        long attended = truth.attendance().values().stream().filter(a -> a.joins() > 0).count();
        assertThat(figures.get("attendees").asInt()).isEqualTo((int) attended);
        assertThat(figures.get("abnormalExits").asInt())
                .isEqualTo(truth.attendance().values().stream().mapToInt(Expected.Attendee::abnormalExits).sum());
        assertThat(figures.get("questions").asInt()).isEqualTo(1);
        assertThat(figures.get("answers").asInt()).isEqualTo(1);
        assertThat(figures.get("rollCallCheckIns").asInt()).isEqualTo(2);
        assertThat(figures.get("rule").get("minPresence").asDouble()).isEqualTo(0.5);

        Map<Long, JsonNode> rows = byOperator(report.get("attendees"));
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(truth.attendance().keySet());
        int qualified = 0;
        for (Map.Entry<Long, Expected.Attendee> entry : truth.attendance().entrySet()) {
            long operator = entry.getKey();
            Expected.Attendee a = entry.getValue();
            JsonNode row = rows.get(operator);
            long present = truth.presentWhileLive().get(operator);
            boolean shouldQualify = present * 2 >= live && present >= 240;
            qualified += shouldQualify ? 1 : 0;
            assertThat(row.get("presentSeconds").asLong()).as("present of %s", operator).isEqualTo(present);
            assertThat(row.get("presence").asDouble()).as("presence of %s", operator)
                    .isEqualTo(Math.round((double) present / live * 10_000) / 10_000.0);
            assertThat(row.get("qualified").asBoolean()).as("qualified of %s", operator).isEqualTo(shouldQualify);
            assertThat(row.get("intervals")).as("intervals of %s", operator).hasSize(a.joins());
            assertThat(row.get("abnormalExits").asInt()).isEqualTo(a.abnormalExits());
            assertThat(count(row.get("intervals"), "closedByStop")).isEqualTo(a.closedByStop());
            assertThat(count(row.get("intervals"), "normal")).isEqualTo(a.normalExits());
            assertThat(row.get("online").asBoolean()).isFalse();
            assertThat(row.has("name")).isTrue();
        }
        assertThat(figures.get("qualified").asInt()).isEqualTo(qualified);
        assertThat(qualified).as("the rule splits the class").isBetween(1, truth.attendance().size() - 1);
        // the teacher joined 30 s before the start: present for less than the whole time they were there
        long teacher = ClassScenario.UID_OFFSET + 1;
        assertThat(truth.presentWhileLive().get(teacher)).isLessThan(truth.attendance().get(teacher).seconds() - 30);
        assertThat(rows.get(ClassScenario.UID_OFFSET + 100).get("rollCallCheckIns").asInt()).isEqualTo(1);
    }

    /** Every number worked out on paper: a join before the start, a pause, a missing leave, a restart. */
    @Test
    void aHandWrittenClassGivesTheNumbersWorkedOutByHand() {
        String classNo = "H" + UUID.randomUUID().toString().substring(0, 8);
        Instant t0 = clock.instant();
        long anna = 1_000_000_101L;
        long ben = 1_000_000_102L;
        live(classNo, 101, anna, 1);     // t0: anna in before the start
        live(classNo, 102, 0, 1);
        pass(60);
        live(classNo, 103, 0, 1);        // 60: started
        pass(100);
        live(classNo, 104, 0, 1);        // 160: paused
        pass(10);
        live(classNo, 101, ben, 2);      // 170: ben joins during the pause
        pass(50);
        live(classNo, 103, 0, 2);        // 220: resumed
        pass(80);
        live(classNo, 110, anna, 1);     // 300: anna drops
        pass(20);
        live(classNo, 105, 0, 0);        // 320: stopped; ben's leave never came
        pass(80);
        live(classNo, 103, 0, 0);        // 400: the class starts again
        pass(10);
        live(classNo, 101, anna, 1);     // 410: anna back
        pass(90);                        // the report at 500
        hub.awaitDispatched();

        JsonNode report = hub.apiJson("/api/sessions/demo/" + classNo + "/report");
        JsonNode figures = report.get("class");
        assertThat(figures.get("state").asText()).isEqualTo("LIVE");
        assertThat(figures.get("startedAt").asText()).isEqualTo(t0.plusSeconds(60).toString());
        assertThat(figures.get("stoppedAt").isNull()).isTrue();
        // live 60-160, 220-320 and 400-500 (still live)
        assertThat(figures.get("liveSeconds").asLong()).isEqualTo(300);
        assertThat(figures.get("liveSpans")).extracting(span -> span.get("endedBy").asText())
                .containsExactly("paused", "stopped", "null");
        assertThat(figures.get("pauses").asInt()).isEqualTo(1);
        assertThat(figures.get("pausedSeconds").asLong()).isEqualTo(60);
        assertThat(figures.get("attendees").asInt()).isEqualTo(2);
        assertThat(figures.get("abnormalExits").asInt()).isEqualTo(1);
        assertThat(figures.get("qualified").asInt()).isEqualTo(1);
        assertThat(figures.get("generatedAt").asText()).isEqualTo(t0.plusSeconds(500).toString());

        Map<Long, JsonNode> rows = byOperator(report.get("attendees"));
        // anna: 0-300 (100 + 80 live) and 410-now (90 live) = 270 s of 300
        JsonNode a = rows.get(anna);
        assertThat(a.get("presentSeconds").asLong()).isEqualTo(270);
        assertThat(a.get("presence").asDouble()).isEqualTo(0.9);
        assertThat(a.get("qualified").asBoolean()).isTrue();
        assertThat(a.get("online").asBoolean()).isTrue();
        assertThat(a.get("intervals")).extracting(i -> i.get("end").asText()).containsExactly("abnormal", "open");
        assertThat(a.get("intervals").get(1).get("leftAt").isNull()).isTrue();
        // ben: 170-320 closed by the stop: 100 s live of 300
        JsonNode b = rows.get(ben);
        assertThat(b.get("presentSeconds").asLong()).isEqualTo(100);
        assertThat(b.get("presence").asDouble()).isEqualTo(0.3333);
        assertThat(b.get("qualified").asBoolean()).isFalse();
        assertThat(b.get("intervals").get(0).get("joinedAt").asText()).isEqualTo(t0.plusSeconds(170).toString());
        assertThat(b.get("intervals").get(0).get("leftAt").asText()).isEqualTo(t0.plusSeconds(320).toString());
        assertThat(b.get("intervals").get(0).get("end").asText()).isEqualTo("closedByStop");
    }

    @Test
    void theXlsxHoldsTheReportInTypedCellsAndTheCsvTheSameTable() throws IOException {
        String classNo = "-X" + UUID.randomUUID().toString().substring(0, 6);
        long anna = 1_000_000_101L;
        long ben = 1_000_000_102L;
        live(classNo, 103, 0, 0);
        live(classNo, 101, anna, 1);
        pass(600);
        live(classNo, 101, ben, 2);
        pass(300);
        live(classNo, 107, ben, 1);
        pass(100);
        live(classNo, 105, 0, 0);       // live 1000 s: anna 1000 s (closed by stop), ben 300 s
        hub.awaitDispatched();
        JsonNode report = hub.apiJson("/api/sessions/demo/" + classNo + "/report");

        HttpResponse<byte[]> xlsx = hub.apiBytes("/api/sessions/demo/" + classNo + "/report?format=xlsx&lang=en");
        assertThat(xlsx.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.headers().firstValue("Content-Disposition").orElse("")).contains("attachment")
                .contains(".xlsx");
        Map<Long, JsonNode> rows = byOperator(report.get("attendees"));
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            assertThat(workbook.getNumberOfSheets()).isEqualTo(1);
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getSheetName()).isEqualTo(classNo);
            Map<String, Cell> figures = figures(sheet);
            // a ClassNo starting with '-' would be a formula to a spreadsheet: shown as text
            assertThat(figures.get("Class").getStringCellValue()).isEqualTo("'" + classNo);
            assertThat(duration(figures.get("Live time"))).isEqualTo(1000);
            assertThat(figures.get("Attendees").getNumericCellValue()).isEqualTo(2);
            assertThat(figures.get("Qualified").getNumericCellValue()).isEqualTo(1);
            assertThat(figures.get("Attendance rule").getStringCellValue())
                    .isEqualTo("present at least 50.0% of live time and present at least 4 minutes");

            Row header = headerRow(sheet);
            Map<String, Integer> column = new HashMap<>();
            header.forEach(cell -> column.put(cell.getStringCellValue(), cell.getColumnIndex()));
            assertThat(column.keySet()).contains("User id", "Name", "Time present", "Presence", "Qualified",
                    "Intervals", "Abnormal exits", "Roll-call check-ins", "First join", "Last leave", "Present");
            int seen = 0;
            for (int r = header.getRowNum() + 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                long operator = (long) row.getCell(column.get("User id")).getNumericCellValue();
                JsonNode expected = rows.get(operator);
                Cell presence = row.getCell(column.get("Presence"));
                assertThat(presence.getCellType()).isEqualTo(CellType.NUMERIC);
                assertThat(presence.getCellStyle().getDataFormatString()).isEqualTo("0.0%");
                assertThat(presence.getNumericCellValue()).isEqualTo(expected.get("presence").asDouble());
                Cell present = row.getCell(column.get("Time present"));
                assertThat(present.getCellStyle().getDataFormatString()).isEqualTo("[h]:mm:ss");
                assertThat(duration(present)).isEqualTo(expected.get("presentSeconds").asLong());
                assertThat(row.getCell(column.get("Qualified")).getStringCellValue())
                        .isEqualTo(expected.get("qualified").asBoolean() ? "yes" : "no");
                seen++;
            }
            assertThat(seen).isEqualTo(2);
            assertThat(rows.get(anna).get("presence").asDouble()).isEqualTo(1.0);
            assertThat(rows.get(ben).get("presence").asDouble()).isEqualTo(0.3);
        }

        var csv = hub.api("GET", "/api/sessions/demo/" + classNo + "/report?format=csv&lang=zh", null);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).isEqualTo("用户 ID,姓名,在场时长,出勤率,达标,进出次数,异常退出,签到次数,首次进入,最后离开,在场区间");
        // the name column holds what the hub learnt of the user's name (another test's Q&A may have named them)
        assertThat(lines[1]).startsWith(anna + "," + nameOf(rows.get(anna)) + ",0:16:40,100.0%,是,1,0,0,");
        assertThat(lines[2]).startsWith(ben + "," + nameOf(rows.get(ben)) + ",0:05:00,30.0%,否,1,0,0,");
        assertThat(lines[2]).endsWith("(正常退出)");
        assertThat(new String(csv.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(csv.body());
    }

    @Test
    void withoutARuleNobodyIsJudged() {
        // the site "lecture" has no attendance rule
        String classNo = "N" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> params = new LinkedHashMap<>();
        for (String[] call : List.of(new String[] {"103", "0"}, new String[] {"101", "1000000101"},
                new String[] {"105", "0"})) {
            params.put("ClassNo", classNo);
            params.put("Operator", call[1]);
            params.put("Action", call[0]);
            assertThat(new Simulator(hub.ingress(), "lecture", clock::advance).send(new Step.Call("live", params))).isNull();
            pass(60);
        }
        hub.awaitDispatched();
        JsonNode report = hub.apiJson("/api/sessions/lecture/" + classNo + "/report");
        assertThat(report.get("class").has("qualified")).isFalse();
        assertThat(report.get("class").has("rule")).isFalse();
        assertThat(report.get("attendees").get(0).has("qualified")).isFalse();
        assertThat(report.get("attendees").get(0).get("presence").asDouble()).isEqualTo(0.5);
        String header = hub.api("GET", "/api/sessions/lecture/" + classNo + "/report?format=csv&lang=en", null).body()
                .split("\r\n")[0];
        assertThat(header).doesNotContain("Qualified");
    }

    @Test
    void anUnknownClassIs404AndABadFormatOrLanguage400() {
        assertThat(hub.api("GET", "/api/sessions/demo/NOPE-1/report", null).statusCode()).isEqualTo(404);
        String classNo = "B" + UUID.randomUUID().toString().substring(0, 8);
        live(classNo, 103, 0, 0);
        hub.awaitDispatched();
        assertThat(hub.api("GET", "/api/sessions/demo/" + classNo + "/report?format=pdf", null).statusCode())
                .isEqualTo(400);
        assertThat(hub.api("GET", "/api/sessions/demo/" + classNo + "/report?lang=fr", null).statusCode())
                .isEqualTo(400);
    }

    @Test
    void aRebuildDerivesTheSameLiveSpansAndReportFromTheJournal() {
        String classNo = "Q" + UUID.randomUUID().toString().substring(0, 8);
        Script script = ClassScenario.webcast(classNo).attendees(5).seed(3).build();
        assertThat(new Simulator(hub.ingress(), "demo", clock::advance).play(script).allAcknowledged()).isTrue();
        hub.awaitDispatched();
        String before = hub.apiJson("/api/sessions/demo/" + classNo + "/report").toString();

        assertThat(hub.api("POST", "/api/admin/rebuild", null).statusCode()).isEqualTo(200);
        hub.awaitDispatched();
        assertThat(hub.apiJson("/api/sessions/demo/" + classNo + "/report").toString()).isEqualTo(before);
        assertThat(hub.apiJson("/api/sessions/demo/" + classNo + "/report").get("class").get("liveSeconds").asLong())
                .isEqualTo(script.expected().liveSeconds());
    }

    // ---- helpers

    private static Map<String, Cell> figures(Sheet sheet) {
        Map<String, Cell> figures = new LinkedHashMap<>();
        // label / value lines from the top down to the empty row before the table
        for (int r = 0; sheet.getRow(r) != null; r++) {
            figures.put(sheet.getRow(r).getCell(0).getStringCellValue(), sheet.getRow(r).getCell(1));
        }
        return figures;
    }

    private static Row headerRow(Sheet sheet) {
        for (Row row : sheet) {
            Cell first = row.getCell(0);
            if (first != null && first.getCellType() == CellType.STRING && first.getStringCellValue().equals("User id")) {
                return row;
            }
        }
        throw new AssertionError("no header row");
    }

    private static long duration(Cell cell) {
        return Math.round(cell.getNumericCellValue() * 86_400);
    }

    private static long count(JsonNode intervals, String end) {
        long n = 0;
        for (JsonNode interval : intervals) {
            n += interval.get("end").asText().equals(end) ? 1 : 0;
        }
        return n;
    }

    static Map<Long, JsonNode> byOperator(JsonNode rows) {
        Map<Long, JsonNode> byOperator = new HashMap<>();
        rows.forEach(row -> byOperator.put(row.get("operator").asLong(), row));
        return byOperator;
    }

    private void live(String classNo, int action, long operator, int total) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ClassNo", classNo);
        params.put("Operator", Long.toString(operator));
        params.put("Action", Integer.toString(action));
        params.put("totalusernum", Integer.toString(total));
        assertThat(new Simulator(hub.ingress(), "demo", clock::advance).send(new Step.Call("live", params))).isNull();
    }

    private void rollCall(String classNo, long userId) {
        assertThat(hub.get("/gensee/demo-pages/rollcall?userid=" + userId + "&webcastid=" + classNo).statusCode())
                .isEqualTo(200);
    }

    private void pushQuestionWithAnswer(String classNo) {
        var response = hub.post("/gensee/demo/qa/client", "<?xml version=\"1.0\" encoding=\"utf-8\" ?><webcast id=\""
                + classNo + "\"><question id=\"Q-" + classNo + "\" time=\"1772438400\" uid=\"1000000101\" uname=\"学生甲\">"
                + "第几章？</question><answer id=\"A-" + classNo + "\" time=\"1772438460\" uid=\"1000000001\" uname=\"老师\">"
                + "第三章</answer></webcast>", "text/xml; charset=utf-8");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static String nameOf(JsonNode row) {
        return row.get("name").isNull() ? "" : row.get("name").asText();
    }

    private void pass(long seconds) {
        clock.advance(Duration.ofSeconds(seconds));
    }
}
