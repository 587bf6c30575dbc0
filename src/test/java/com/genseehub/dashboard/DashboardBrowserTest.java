package com.genseehub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.callback.CallbackRequest;
import com.genseehub.callback.RejectedCallbackException;
import com.genseehub.quarantine.Quarantine;
import com.genseehub.simulator.ClassScenario;
import com.genseehub.simulator.Expected;
import com.genseehub.simulator.Script;
import com.genseehub.simulator.Simulator;
import com.genseehub.simulator.Step;
import com.genseehub.support.GenseeStandIn;
import com.genseehub.support.HubTest;
import com.genseehub.support.MutableClock;
import com.genseehub.support.RunningHubTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard in a real browser: Debian's chromium driven through Debian's chromedriver (both
 * installed by .ci/run; nothing is downloaded at test time). A class played by the simulator must
 * show up with every point of its online curve and every attendance number; a dead delivery must
 * leave the list once its replay succeeds.
 */
@HubTest
class DashboardBrowserTest extends RunningHubTest {

    /**
     * The archive (file) sink writes under this path; while a plain file stands in its place every
     * archive delivery fails, and with one attempt allowed it is dead at once.
     */
    private static final Path ARCHIVE = Path.of(System.getProperty("java.io.tmpdir"),
            "hub-dashboard-archive-" + UUID.randomUUID());

    @DynamicPropertySource
    static void failingArchiveSink(DynamicPropertyRegistry registry) throws IOException {
        Files.writeString(ARCHIVE, "a file where the sink wants a directory");
        registry.add("hub.sinks.archive.enabled", () -> "true");
        registry.add("hub.sinks.archive.directory", ARCHIVE::toString);
        registry.add("hub.sinks.archive.max-attempts", () -> "1");
        registry.add("hub.delivery.poll-interval", () -> "200ms");
        // a rule, so that the class view shows who qualifies
        registry.add("hub.sites.demo.attendance.min-presence", () -> "0.5");
    }

    /** Gensee's integration API for site "rw" (reconciliation), a local stand-in over real HTTP. */
    private static final GenseeStandIn GENSEE = GenseeStandIn.startQuietly("hub", "pw", ZoneId.of("Asia/Shanghai"));

    @DynamicPropertySource
    static void genseeApi(DynamicPropertyRegistry registry) {
        registry.add("hub.sites.rw.product", () -> "webcast");
        registry.add("hub.sites.rw.uid-offset", () -> "1000000000");
        registry.add("hub.sites.rw.gensee-api.base-url", () -> GENSEE.baseUrl().toString());
        registry.add("hub.sites.rw.gensee-api.login-name", () -> "hub");
        registry.add("hub.sites.rw.gensee-api.password", () -> "pw");
        registry.add("hub.reconcile.poll-interval", () -> "200ms");
    }

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @Autowired
    MutableClock clock;

    @Autowired
    Quarantine quarantine;

    @Autowired
    DataSource dataSource;

    ChromeDriver browser;
    Path profile;
    Path downloads;

    @BeforeEach
    void openBrowser() throws IOException {
        assertThat(new File(CHROMIUM).canExecute()).as("Debian chromium at " + CHROMIUM + " (apt-get install chromium)").isTrue();
        assertThat(new File(CHROMEDRIVER).canExecute()).as("Debian chromedriver at " + CHROMEDRIVER + " (apt-get install chromium-driver)").isTrue();
        profile = Files.createTempDirectory("dashboard-chromium");
        downloads = Files.createDirectories(profile.resolve("downloads"));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile.resolve("profile"), "--window-size=1366,900");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        // the driver is given explicitly, so Selenium Manager never looks for (or downloads) one
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void classViewShowsTheOnlineCurveAndTheAttendanceOfASimulatedClass() throws IOException {
        String classNo = "B" + UUID.randomUUID().toString().substring(0, 8);
        Script script = ClassScenario.webcast(classNo).attendees(8).abnormalExits(2).missingLeaves(1)
                .duplicateJoins(1).earlyWebUsers(1).recordings(1).vodViewers(2).lateVodEnds(0).seed(17).build();
        assertThat(new Simulator(hub.ingress(), "demo", clock::advance).play(script).allAcknowledged()).isTrue();
        // a question with its answer (client push) and a roll-call check-in for the same class
        pushQa(classNo);
        assertThat(hub.get("/gensee/demo-pages/rollcall?userid=1000000101&webcastid=" + classNo).statusCode()).isEqualTo(200);
        hub.awaitDispatched();
        Expected expected = script.expected();

        signIn();
        String url = browser.getCurrentUrl();
        assertThat(url).doesNotContain(HubTest.TOKEN);
        assertThat(js("return sessionStorage.getItem('hub.token')")).isEqualTo(HubTest.TOKEN);

        // overview -> the class
        waitFor(() -> !browser.findElements(By.cssSelector("#sessions-table a[data-class='" + classNo + "']")).isEmpty());
        browser.findElement(By.cssSelector("#sessions-table a[data-class='" + classNo + "']")).click();

        JsonNode online = hub.apiJson("/api/sessions/demo/" + classNo + "/online");
        long liveCalls = script.steps().stream()
                .filter(step -> step instanceof Step.Call call && call.endpoint().equals("live")).count();
        assertThat(online.size()).isEqualTo((int) liveCalls);
        waitFor(() -> rows("#attendance-table").size() == expected.attendance().size()
                && chartPoints().size() == online.size());

        // the chart holds the class's online series, point for point
        List<Long> series = new ArrayList<>();
        online.forEach(point -> series.add(point.get("totalUsers").asLong()));
        assertThat(chartPoints()).isEqualTo(series);
        assertThat(series).contains((long) expected.peakUsers());

        // the timeline: created, started, paused, resumed, recording, stopped
        assertThat(rows("#timeline").stream().map(li -> li.getAttribute("data-label")).toList())
                .containsExactly("created", "started", "paused", "resumed", "recording", "stopped");

        // the attendance table: one row per attendee, every number as it happened, abnormal exits highlighted
        Map<Long, WebElement> byOperator = new HashMap<>();
        rows("#attendance-table").forEach(tr -> byOperator.put(Long.parseLong(tr.getAttribute("data-operator")), tr));
        assertThat(byOperator.keySet()).containsExactlyInAnyOrderElementsOf(expected.attendance().keySet());
        expected.attendance().forEach((operator, truth) -> {
            WebElement tr = byOperator.get(operator);
            assertThat(value(tr, "joins")).as("joins of %s", operator).isEqualTo(truth.joins());
            assertThat(value(tr, "repeatedJoins")).as("repeated of %s", operator).isEqualTo(truth.repeatedJoins());
            assertThat(value(tr, "normalExits")).as("normal of %s", operator).isEqualTo(truth.normalExits());
            assertThat(value(tr, "abnormalExits")).as("abnormal of %s", operator).isEqualTo(truth.abnormalExits());
            assertThat(value(tr, "closedByStop")).as("by stop of %s", operator).isEqualTo(truth.closedByStop());
            assertThat(value(tr, "orphanLeaves")).as("orphan of %s", operator).isEqualTo(truth.orphanLeaves());
            assertThat(value(tr, "seconds")).as("seconds of %s", operator).isEqualTo(truth.seconds());
            assertThat(tr.getAttribute("class").contains("abnormal")).as("highlight of %s", operator)
                    .isEqualTo(truth.abnormalExits() > 0);
        });
        long abnormalRows = expected.attendance().values().stream().filter(a -> a.abnormalExits() > 0).count();
        assertThat(browser.findElements(By.cssSelector("#attendance-table tr.abnormal"))).hasSize((int) abnormalRows);

        // the Q&A feed with its answer (markup shown as text) and the roll-call check-in
        waitFor(() -> !browser.findElements(By.cssSelector("#qa-list li[data-question-id='QB1']")).isEmpty());
        WebElement question = browser.findElement(By.cssSelector("#qa-list li[data-question-id='QB1']"));
        assertThat(question.findElement(By.cssSelector("p.question")).getText()).isEqualTo("<b>讲到第几章了？</b>");
        assertThat(question.findElement(By.cssSelector("li[data-answer-id='AB1'] p")).getText()).isEqualTo("第三章");
        assertThat(browser.findElements(By.cssSelector("#qa-list b"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#rollcall-table tr[data-userid='1000000101']"))).hasSize(1);
        assertThat(browser.findElement(By.id("qa-empty")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("error-banner")).isDisplayed()).isFalse();

        screenshotOfTheWholeView("target/dashboard-class-view.png", 1366, 900);

        // sorting by time online, longest first
        WebElement secondsHeader = browser.findElement(By.cssSelector("#attendance-table th[data-sort=seconds]"));
        secondsHeader.click();
        secondsHeader.click();
        List<Long> seconds = rows("#attendance-table").stream().map(tr -> (long) value(tr, "seconds")).toList();
        assertThat(seconds).isSortedAccordingTo(Comparator.reverseOrder()).hasSize(expected.attendance().size());

        // filtering by user id
        long anAttendee = ClassScenario.UID_OFFSET + 103;
        browser.findElement(By.id("attendance-filter")).sendKeys(Long.toString(anAttendee));
        assertThat(rows("#attendance-table")).extracting(tr -> tr.getAttribute("data-operator"))
                .containsExactly(Long.toString(anAttendee));

        // the CSV download carries the token in a header and the file matches the API's CSV
        browser.findElement(By.id("attendance-csv")).click();
        Path csv = downloads.resolve("attendance-demo-" + classNo + ".csv");
        waitFor(() -> Files.exists(csv) && csv.toFile().length() > 0);
        String fromApi = hub.api("GET", "/api/sessions/demo/" + classNo + "/attendance?format=csv", null).body();
        assertThat(Files.readString(csv, StandardCharsets.UTF_8)).isEqualTo(fromApi);

        // the English switch
        browser.findElement(By.id("lang-toggle")).click();
        assertThat(browser.findElement(By.cssSelector("#attendance-table th[data-sort=joins]")).getText())
                .isEqualTo("Joins");
        assertThat(browser.findElement(By.id("class-state")).getText()).isEqualTo("Stopped");
        // site demo has no API account: the class says so
        assertThat(browser.findElement(By.id("reconciliation-state")).getAttribute("data-state")).isEqualTo("not configured");
    }

    @Test
    void classViewShowsTheReconciliationAndBothDurationsWithTheDifferencesHighlighted() throws IOException {
        String classNo = "G" + UUID.randomUUID().toString().substring(0, 8);
        Script script = ClassScenario.webcast(classNo).attendees(6).abnormalExits(1).missingLeaves(0).lostLeaves(2)
                .lostJoins(1).duplicateJoins(0).earlyWebUsers(0).vodViewers(0).lateVodEnds(0).seed(5).build();
        Instant start = clock.instant();
        assertThat(new Simulator(hub.ingress(), "rw", clock::advance).play(script).allAcknowledged()).isTrue();
        hub.awaitDispatched();
        Expected truth = script.expected();
        List<GenseeStandIn.Stay> stays = new ArrayList<>();
        truth.presence().forEach((operator, presence) -> presence.forEach(p -> stays.add(new GenseeStandIn.Stay(operator,
                "学员<b>" + (operator - ClassScenario.UID_OFFSET) + "</b>", start.plusSeconds(p.fromSecond()),
                start.plusSeconds(p.toSecond())))));
        GENSEE.webcast(classNo, stays);
        clock.advance(Duration.ofMinutes(10));
        waitFor(() -> hub.apiJson("/api/sessions/rw/" + classNo).get("reconciliation").get("state").asText().equals("done"));

        signIn();
        browser.get(hub.base() + "/#/class/rw/" + classNo);
        waitFor(() -> rows("#attendance-table").size() == truth.attendance().size()
                && "done".equals(browser.findElement(By.id("reconciliation-state")).getAttribute("data-state")));
        assertThat(browser.findElement(By.id("reconciliation-state")).getText()).isEqualTo("已核对");
        assertThat(browser.findElement(By.id("reconciliation-summary")).getText())
                .contains("补上的进入 1").contains("补上的离开 2");

        Map<Long, WebElement> byOperator = new HashMap<>();
        rows("#attendance-table").forEach(tr -> byOperator.put(Long.parseLong(tr.getAttribute("data-operator")), tr));
        truth.attendance().forEach((operator, callbacks) -> {
            WebElement tr = byOperator.get(operator);
            long present = truth.presentSeconds(operator);
            assertThat(value(tr, "seconds")).as("callbacks' seconds of %s", operator).isEqualTo(callbacks.seconds());
            assertThat(value(tr, "genseeSeconds")).as("Gensee's seconds of %s", operator).isEqualTo(present);
            assertThat(value(tr, "reconciledSeconds")).as("reconciled seconds of %s", operator).isEqualTo(present);
            boolean differs = Math.abs(callbacks.seconds() - present) > 60;
            assertThat(tr.findElement(By.cssSelector("td[data-col=genseeSeconds]")).getAttribute("class").contains("differs"))
                    .as("highlight of %s", operator).isEqualTo(differs);
            // the name as text, markup and all
            assertThat(text(tr, "name")).isEqualTo("学员<b>" + (operator - ClassScenario.UID_OFFSET) + "</b>");
        });
        assertThat(browser.findElements(By.cssSelector("#attendance-table tr[data-differs=true]")))
                .as("the lost join and the two lost leaves").hasSize(3);
        assertThat(browser.findElements(By.cssSelector("#attendance-table td b"))).isEmpty();
        assertThat(browser.findElement(By.id("error-banner")).isDisplayed()).isFalse();
        screenshotOfTheWholeView("target/dashboard-class-reconciled.png", 1366, 900);
    }

    @Test
    void classViewShowsPresenceTheTimelineAndTheSummaryOfASimulatedClassOnARealTimeAxis() throws IOException {
        String classNo = "G" + UUID.randomUUID().toString().substring(0, 8);
        Script script = ClassScenario.webcast(classNo).attendees(8).abnormalExits(2).missingLeaves(1)
                .duplicateJoins(1).earlyWebUsers(1).recordings(1).vodViewers(0).lateVodEnds(0).seed(29).build();
        assertThat(new Simulator(hub.ingress(), "demo", clock::advance).play(script).allAcknowledged()).isTrue();
        hub.awaitDispatched();
        Expected expected = script.expected();
        JsonNode report = hub.apiJson("/api/sessions/demo/" + classNo + "/report");
        JsonNode online = hub.apiJson("/api/sessions/demo/" + classNo + "/online");
        long live = expected.liveSeconds();

        signIn();
        browser.get(hub.base() + "/#/class/demo/" + classNo);
        waitFor(() -> chartPoints().size() == online.size() && rows("#attendance-table").size() == expected.attendance().size()
                && !browser.findElements(By.cssSelector("#presence-timeline .tl-row")).isEmpty());

        // the online chart: every point at its time; the pause takes its real share of the axis
        List<Long> times = new ArrayList<>();
        online.forEach(point -> times.add(java.time.Instant.parse(point.get("at").asText()).toEpochMilli()));
        assertThat(chartValues("x")).isEqualTo(times);
        long paused = -1;
        long resumed = -1;
        for (JsonNode point : online) {
            long at = java.time.Instant.parse(point.get("at").asText()).toEpochMilli();
            if (point.get("action").asInt() == 104) {
                paused = at;
            } else if (paused > 0 && resumed < 0 && point.get("action").asInt() == 103) {
                resumed = at;
            }
        }
        assertThat(resumed - paused).isEqualTo(120_000);
        double pausePixels = ((Number) js("var x = hubDashboard.onlineChart.scales.x; return x.getPixelForValue("
                + resumed + ") - x.getPixelForValue(" + paused + ");")).doubleValue();
        double axisPixels = ((Number) js("var x = hubDashboard.onlineChart.scales.x; return x.getPixelForValue(x.max)"
                + " - x.getPixelForValue(x.min);")).doubleValue();
        long first = times.get(0);
        long last = times.get(times.size() - 1);
        assertThat(pausePixels / axisPixels).isCloseTo(120_000.0 / (last - first), org.assertj.core.data.Offset.offset(0.005));
        // the grey bands: the 30 s before the start and the pause
        long started = java.time.Instant.parse(report.get("class").get("startedAt").asText()).toEpochMilli();
        assertThat(js("return hubDashboard.notLive.map(function (g) { return [g.from, g.to]; })"))
                .isEqualTo(List.of(List.of(first, started), List.of(paused, resumed)));

        // presence % and the qualified badge in the attendance table
        Map<Long, JsonNode> reportRows = new HashMap<>();
        report.get("attendees").forEach(row -> reportRows.put(row.get("operator").asLong(), row));
        for (WebElement tr : rows("#attendance-table")) {
            long operator = Long.parseLong(tr.getAttribute("data-operator"));
            long present = expected.presentWhileLive().get(operator);
            WebElement presence = tr.findElement(By.cssSelector("td[data-col=presence]"));
            assertThat(presence.getText()).as("presence of %s", operator)
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * present / live));
            WebElement badge = tr.findElement(By.cssSelector("td[data-col=qualified] .badge"));
            boolean qualified = present * 2 >= live;
            assertThat(badge.getText()).as("badge of %s", operator).isEqualTo(qualified ? "达标" : "未达标");
            assertThat(badge.getAttribute("class")).contains(qualified ? "qualified-yes" : "qualified-no");
            assertThat(reportRows.get(operator).get("qualified").asBoolean()).isEqualTo(qualified);
        }

        // the summary card
        assertThat(summaryValue("liveTime")).isEqualTo(Long.toString(live));
        assertThat(summaryValue("pauses")).isEqualTo("1");
        assertThat(summaryValue("attendees")).isEqualTo(report.get("class").get("attendees").asText());
        assertThat(summaryValue("qualified")).isEqualTo(report.get("class").get("qualified").asText());
        assertThat(summaryValue("abnormalExits")).isEqualTo("2");
        assertThat(browser.findElement(By.id("report-rule")).getText()).contains("50.0%");

        // the timeline: a row per user who was present, a bar per interval, abnormal exits marked
        Map<Long, Expected.Attendee> present = new HashMap<>();
        expected.attendance().forEach((operator, a) -> {
            if (a.joins() > 0) {
                present.put(operator, a);
            }
        });
        List<WebElement> timeline = browser.findElements(By.cssSelector("#presence-timeline .tl-row"));
        assertThat(timeline).hasSize(present.size());
        for (WebElement row : timeline) {
            Expected.Attendee a = present.get(Long.parseLong(row.getAttribute("data-operator")));
            assertThat(row.findElements(By.cssSelector("rect.tl-interval"))).hasSize(a.joins());
            assertThat(row.findElements(By.cssSelector("circle.tl-abnormal-exit"))).hasSize(a.abnormalExits());
            // the timeline spans the live time: the pause is its one grey band
            assertThat(row.findElements(By.cssSelector("rect.tl-gap"))).hasSize(1);
        }
        assertThat(browser.findElements(By.cssSelector("#presence-timeline circle.tl-abnormal-exit"))).hasSize(2);

        // click a user who dropped: their intervals
        long dropped = present.entrySet().stream().filter(e -> e.getValue().abnormalExits() > 0).findFirst()
                .orElseThrow().getKey();
        browser.findElement(By.cssSelector("#presence-timeline .tl-row[data-operator='" + dropped + "']")).click();
        waitFor(() -> browser.findElement(By.id("presence-detail")).isDisplayed());
        assertThat(browser.findElement(By.id("presence-detail-title")).getText()).contains(Long.toString(dropped));
        assertThat(browser.findElements(By.cssSelector("#presence-detail-table tbody tr")))
                .extracting(tr -> tr.getAttribute("data-end")).containsExactly("abnormal");
        assertThat(browser.findElement(By.cssSelector("#presence-detail-table td[data-col=end]")).getText())
                .isEqualTo("异常退出");
        screenshotOfTheWholeView("target/dashboard-class-report.png", 1366, 900);

        // the report downloads: CSV as the API gives it, XLSX a workbook with the class's sheet
        browser.findElement(By.id("report-csv")).click();
        Path csv = downloads.resolve("report-demo-" + classNo + ".csv");
        waitFor(() -> Files.exists(csv) && csv.toFile().length() > 0);
        assertThat(Files.readString(csv, StandardCharsets.UTF_8)).isEqualTo(
                hub.api("GET", "/api/sessions/demo/" + classNo + "/report?format=csv&lang=zh", null).body());
        browser.findElement(By.id("report-xlsx")).click();
        Path xlsx = downloads.resolve("report-demo-" + classNo + ".xlsx");
        waitFor(() -> Files.exists(xlsx) && xlsx.toFile().length() > 0);
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(Files.newInputStream(xlsx))) {
            assertThat(workbook.getSheetAt(0).getSheetName()).isEqualTo(classNo);
            assertThat(workbook.getSheetAt(0).getRow(0).getCell(0).getStringCellValue()).isEqualTo("站点");
        }

        // English: the new labels switch too
        browser.findElement(By.id("lang-toggle")).click();
        waitFor(() -> browser.findElement(By.cssSelector("#attendance-table th[data-sort=presence]")).getText()
                .equals("Presence"));
        waitFor(() -> !browser.findElements(By.cssSelector("#attendance-table td[data-col=qualified] .badge.qualified-yes"))
                .isEmpty() && browser.findElement(By.cssSelector(
                "#attendance-table td[data-col=qualified] .badge.qualified-yes")).getText().equals("Qualified"));
    }

    @Test
    void vodViewOnATabletShowsViewersViewsAndWatchTimePerCourseware() throws IOException {
        String classNo = "T" + UUID.randomUUID().toString().substring(0, 8);
        Script script = ClassScenario.webcast(classNo).attendees(3).vodViewers(3).lateVodEnds(1).seed(23).build();
        assertThat(new Simulator(hub.ingress(), "demo", clock::advance).play(script).allAcknowledged()).isTrue();
        hub.awaitDispatched();
        Map<Long, Expected.Viewer> truth = script.expected().views();
        String courseware = script.expected().vodClassNo();

        emulateScreen(820, 1180);
        signIn();
        waitFor(() -> !browser.findElements(By.cssSelector("#sessions-table a[data-class='" + classNo + "']")).isEmpty());
        screenshotOfTheWholeView("target/dashboard-overview-tablet.png", 820, 1180);
        browser.findElement(By.cssSelector("[data-nav=vod]")).click();
        waitFor(() -> !browser.findElements(By.cssSelector("#vod-table tr[data-class-no='" + courseware + "']")).isEmpty());

        WebElement row = browser.findElement(By.cssSelector("#vod-table tr[data-class-no='" + courseware + "']"));
        assertThat(text(row, "viewers")).isEqualTo(Integer.toString(truth.size()));
        assertThat(text(row, "views")).isEqualTo(Integer.toString(truth.values().stream().mapToInt(Expected.Viewer::views).sum()));
        long watchSeconds = truth.values().stream().mapToLong(Expected.Viewer::seconds).sum();
        assertThat(text(row, "seconds")).isEqualTo(String.format("%d:%02d:%02d", watchSeconds / 3600,
                watchSeconds % 3600 / 60, watchSeconds % 60));

        row.findElement(By.tagName("a")).click();
        waitFor(() -> rows("#vod-viewers-table").size() == truth.size());
        rows("#vod-viewers-table").forEach(viewer -> {
            Expected.Viewer expected = truth.get(Long.parseLong(viewer.getAttribute("data-operator")));
            assertThat(text(viewer, "views")).isEqualTo(Integer.toString(expected.views()));
            assertThat(text(viewer, "orphanEnds")).isEqualTo(Integer.toString(expected.orphanEnds()));
        });
        // nothing is wider than the tablet's screen: wide tables scroll inside their card
        assertThat(js("return window.innerWidth")).isEqualTo(820L);
        assertThat(js("return document.documentElement.scrollWidth <= window.innerWidth")).isEqualTo(true);
    }

    /** 60 classes newer than any other: the overview lists 50, "more" the rest, and the search finds one by number. */
    @Test
    void theOverviewShowsTheLatest50ClassesMoreOnRequestAndFindsAClassByItsNumber() {
        String prefix = "PG" + UUID.randomUUID().toString().substring(0, 6).toUpperCase(java.util.Locale.ROOT);
        Instant latest = clock.instant().plus(Duration.ofDays(1));
        List<Object[]> classes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            classes.add(new Object[] {"demo", String.format("%s%02d", prefix, i), "STOPPED",
                    latest.plusSeconds(i).atOffset(java.time.ZoneOffset.UTC)});
        }
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        // written straight into the table: 60 classes played through the simulator would take minutes
        jdbc.batchUpdate("insert into class_session (site, class_no, state, last_event_at) values (?, ?, ?, ?)", classes);
        List<String> newestFirst = new ArrayList<>();
        for (int i = 59; i >= 0; i--) {
            newestFirst.add(String.format("%s%02d", prefix, i));
        }
        try {
            signIn();
            waitFor(() -> classNos().size() == 50 && classNos().get(0).equals(newestFirst.get(0)));
            assertThat(classNos()).containsExactlyElementsOf(newestFirst.subList(0, 50));
            WebElement more = browser.findElement(By.id("sessions-more"));
            assertThat(more.isDisplayed()).isTrue();

            more.click();
            waitFor(() -> classNos().size() > 50);
            assertThat(classNos().subList(0, 60)).containsExactlyElementsOf(newestFirst);

            WebElement search = browser.findElement(By.id("sessions-search"));
            search.sendKeys(prefix);
            waitFor(() -> classNos().size() == 50 && classNos().stream().allMatch(c -> c.startsWith(prefix)));
            assertThat(more.isDisplayed()).isTrue();
            more.click();
            waitFor(() -> classNos().size() == 60);
            assertThat(classNos()).containsExactlyElementsOf(newestFirst);
            assertThat(more.isDisplayed()).isFalse();

            search.sendKeys(Keys.chord(Keys.CONTROL, "a"), prefix + "07");
            waitFor(() -> classNos().equals(List.of(prefix + "07")));
            search.sendKeys(Keys.chord(Keys.CONTROL, "a"), prefix + "X");
            waitFor(() -> classNos().isEmpty());
            WebElement none = browser.findElement(By.cssSelector("[data-empty-for=sessions-table]"));
            assertThat(none.isDisplayed()).isTrue();
            assertThat(none.getText()).isEqualTo("没有以此开头的课堂号。");
        } finally {
            jdbc.update("delete from class_session where site = 'demo' and class_no like ?", prefix + "%");
        }
    }

    @Test
    void aLiveClassUpdatesItselfWithoutAReload() {
        String classNo = "P" + UUID.randomUUID().toString().substring(0, 8);
        live(classNo, 102, 0, 1);
        live(classNo, 103, 0, 1);
        live(classNo, 101, ClassScenario.UID_OFFSET + 101, 2);
        hub.awaitDispatched();

        signIn();
        browser.get(hub.base() + "/#/class/demo/" + classNo);
        waitFor(() -> chartPoints().size() == 3 && rows("#attendance-table").size() == 1);
        assertThat(browser.findElement(By.id("class-polling")).isDisplayed()).isTrue();
        js("window.notReloaded = true");

        clock.advance(Duration.ofSeconds(30));
        live(classNo, 101, ClassScenario.UID_OFFSET + 102, 3);
        live(classNo, 110, ClassScenario.UID_OFFSET + 101, 2);
        hub.awaitDispatched();

        waitFor(() -> chartPoints().size() == 5 && rows("#attendance-table").size() == 2);
        assertThat(chartPoints()).containsExactly(1L, 1L, 2L, 3L, 2L);
        assertThat(js("return window.notReloaded")).isEqualTo(true);
        assertThat(browser.findElement(By.id("class-current")).getText()).isEqualTo("2");
        assertThat(browser.findElements(By.cssSelector("#attendance-table tr.abnormal"))).hasSize(1);
    }

    @Test
    void signInRefusesAWrongTokenAndQuarantinedMarkupIsShownAsText() {
        // a refused POST whose body is markup, kept through the same path the ingress routes use
        String hostile = "<img src=x id=injected onerror=window.pwned=1><b>bold</b>";
        quarantine.keep(new RejectedCallbackException(new CallbackRequest("demo", "POST", "/gensee/demo/qa/web",
                "a=<b>1</b>", Map.of("content-type", "text/plain"), hostile.getBytes(StandardCharsets.UTF_8), "127.0.0.1",
                clock.instant()), 400, "reason with <i>markup</i>"));

        browser.get(hub.base() + "/");
        browser.findElement(By.id("token")).sendKeys("wrong-token");
        browser.findElement(By.id("signin-button")).click();
        waitFor(() -> browser.findElement(By.id("signin-error")).isDisplayed());
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
        assertThat(js("return sessionStorage.getItem('hub.token')")).isNull();

        browser.findElement(By.id("token")).clear();
        signIn();
        waitFor(() -> !browser.findElement(By.id("count-quarantined")).getText().equals("—"));
        // the hub may be shared with other test classes: compare with the API, not a fixed number
        assertThat(browser.findElement(By.id("count-quarantined")).getText())
                .isEqualTo(hub.apiJson("/api/status").get("quarantined").asText());
        assertThat(browser.findElement(By.id("count-dispatch-failures")).getText())
                .isEqualTo(hub.apiJson("/api/status").get("dispatchFailures").asText());
        browser.findElement(By.id("counter-quarantine")).click();

        waitFor(() -> !rows("#quarantine-table").isEmpty());
        WebElement row = rows("#quarantine-table").get(0); // newest first
        assertThat(row.findElement(By.cssSelector("td[data-col=request] code")).getText())
                .isEqualTo("POST /gensee/demo/qa/web?a=<b>1</b>");
        assertThat(row.findElement(By.cssSelector("td[data-col=request] pre")).getText()).isEqualTo(hostile);
        assertThat(row.findElement(By.cssSelector("td[data-col=reason]")).getText())
                .isEqualTo("reason with <i>markup</i>");
        assertThat(js("return document.getElementById('injected') === null && window.pwned === undefined"
                + " && document.querySelectorAll('#quarantine-table b, #quarantine-table i').length === 0"))
                .isEqualTo(true);
    }

    @Test
    void aQuarantinedRequestIsReplayedFromItsRowAndSaysWhatItCameTo() {
        String fixed = "Q" + UUID.randomUUID().toString().substring(0, 8);
        // refused earlier for a cause since fixed (as if its site had just been added), and one that is still bad
        quarantine.keep(new RejectedCallbackException(CallbackRequest.get("demo", "/gensee/demo/live",
                "ClassNo=" + fixed + "&Operator=1000000101&Action=101", "127.0.0.1", clock.instant()), 404, "unknown site"));
        long fixedId = hub.quarantineMark();
        quarantine.keep(new RejectedCallbackException(CallbackRequest.get("demo", "/gensee/demo/live",
                "ClassNo=" + fixed + "&Operator=oops&Action=101", "127.0.0.1", clock.instant()), 400, "Operator must be a non-negative number"));
        long badId = hub.quarantineMark();

        signIn();
        browser.get(hub.base() + "/#/quarantine");
        waitFor(() -> !browser.findElements(By.cssSelector("button[data-quarantine-replay='" + badId + "']")).isEmpty());
        browser.findElement(By.cssSelector("button[data-quarantine-replay='" + badId + "']")).click();
        waitFor(() -> browser.findElement(By.id("quarantine-message")).getText().startsWith("Replay refused")
                || browser.findElement(By.id("quarantine-message")).getText().startsWith("重放被拒绝"));
        assertThat(browser.findElement(By.id("quarantine-message")).getText())
                .contains("400", "Operator must be a non-negative number");
        // still replayable, with its outcome shown
        waitFor(() -> !browser.findElements(By.cssSelector("tr[data-quarantine-id='" + badId + "'] .replay-outcome")).isEmpty());

        browser.findElement(By.cssSelector("button[data-quarantine-replay='" + fixedId + "']")).click();
        waitFor(() -> browser.findElements(By.cssSelector("button[data-quarantine-replay='" + fixedId + "']")).isEmpty());
        hub.awaitDispatched();
        long seq = hub.apiJson("/api/events?classNo=" + fixed).get("items").get(0).get("seq").asLong();
        assertThat(browser.findElement(By.id("quarantine-message")).getText()).contains(String.valueOf(seq));
        assertThat(browser.findElement(By.cssSelector("tr[data-quarantine-id='" + fixedId + "'] td[data-col=replay]")).getText())
                .contains(String.valueOf(seq));
        assertThat(hub.apiItems("/api/sessions/demo/" + fixed + "/attendance").get(0).get("operator").asLong())
                .isEqualTo(1000000101L);
    }

    @Test
    void aDeadDeliveryLeavesTheListOnceItsReplaySucceeds() throws IOException {
        String classNo = "D" + UUID.randomUUID().toString().substring(0, 8);
        live(classNo, 101, 1_000_000_101L, 1);
        hub.awaitDispatched();
        long seq = hub.apiJson("/api/events?classNo=" + classNo).get("items").get(0).get("seq").asLong();
        long id = awaitDeadArchiveDelivery(seq);

        signIn();
        browser.get(hub.base() + "/#/deliveries");
        waitFor(() -> !browser.findElements(By.cssSelector("#deliveries-table tr[data-delivery-id='" + id
                + "'][data-status='dead']")).isEmpty());
        WebElement summary = browser.findElement(By.cssSelector("#delivery-summary tr[data-sink='archive'] td[data-col=dead]"));
        assertThat(Integer.parseInt(summary.getText())).isGreaterThanOrEqualTo(1);

        // the operator fixes the sink, then replays the delivery from the dashboard
        Files.delete(ARCHIVE);
        browser.findElement(By.id("replay-" + id)).click();
        waitFor(() -> browser.findElements(By.cssSelector("#deliveries-table tr[data-delivery-id='" + id + "']")).isEmpty());
        waitFor(() -> deliveryStatus(id).equals("done"));
        try (var files = Files.list(ARCHIVE)) {
            String archived = String.join("\n", files.map(file -> {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList());
            assertThat(archived).contains("\"seq\":" + seq + ",");
        }
    }

    private void pushQa(String classNo) {
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\" ?><webcast id=\"" + classNo + "\">"
                + "<question id=\"QB1\" time=\"1772438400\" uid=\"1000000101\" uname=\"学生甲\">"
                + "&lt;b&gt;讲到第几章了？&lt;/b&gt;</question>"
                + "<answer id=\"AB1\" time=\"1772438460\" uid=\"1000000001\" uname=\"老师\">第三章</answer></webcast>";
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            hub.ingress().resolve("/gensee/demo/qa/client"))
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long awaitDeadArchiveDelivery(long seq) {
        long[] id = new long[1];
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> {
            for (JsonNode delivery : hub.apiJson("/api/deliveries?status=dead&sink=archive&limit=1000").get("items")) {
                if (delivery.get("eventSeq").asLong() == seq) {
                    id[0] = delivery.get("id").asLong();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }

    private String deliveryStatus(long id) {
        for (String status : List.of("pending", "sending", "failed", "dead", "done")) {
            for (JsonNode delivery : hub.apiJson("/api/deliveries?status=" + status + "&sink=archive&limit=1000")
                    .get("items")) {
                if (delivery.get("id").asLong() == id) {
                    return status;
                }
            }
        }
        return "missing";
    }

    // ---- helpers

    private void signIn() {
        if (!browser.getCurrentUrl().startsWith(hub.base().toString())) {
            browser.get(hub.base() + "/");
        }
        browser.findElement(By.id("token")).sendKeys(HubTest.TOKEN);
        browser.findElement(By.id("signin-button")).click();
        waitFor(() -> browser.findElement(By.id("view-overview")).isDisplayed()
                || browser.findElement(By.id("view-class")).isDisplayed());
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    /** The online counts the chart holds, in order. */
    private List<Long> chartPoints() {
        return chartValues("y");
    }

    /** One coordinate (x: epoch milliseconds, y: users) of each point of the online chart. */
    @SuppressWarnings("unchecked")
    private List<Long> chartValues(String axis) {
        Object data = js("var c = window.hubDashboard && window.hubDashboard.onlineChart;"
                + " return c ? c.data.datasets[0].data.map(function (p) { return p." + axis + "; }) : [];");
        return ((List<Object>) data).stream().map(v -> ((Number) v).longValue()).toList();
    }

    private String summaryValue(String key) {
        return browser.findElement(By.cssSelector("#report-summary div[data-key=" + key + "]")).getAttribute("data-value");
    }

    /** The class numbers the overview's list of recent classes shows, top to bottom (read at once: it refreshes). */
    @SuppressWarnings("unchecked")
    private List<String> classNos() {
        return (List<String>) js("return Array.from(document.querySelectorAll('#sessions-table tbody tr'))"
                + ".map(function (row) { return row.getAttribute('data-class-no'); })");
    }

    private List<WebElement> rows(String container) {
        String selector = container.startsWith("#timeline") ? container + " li" : container + " tbody tr";
        return browser.findElements(By.cssSelector(selector));
    }

    private static String text(WebElement row, String column) {
        return row.findElement(By.cssSelector("td[data-col=" + column + "]")).getText();
    }

    private static long value(WebElement row, String column) {
        return Long.parseLong(row.findElement(By.cssSelector("td[data-col=" + column + "]")).getAttribute("data-value"));
    }

    private void waitFor(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> condition.getAsBoolean());
    }

    /** Lays the page out at its full height for the capture, then goes back to the given viewport. */
    private void screenshotOfTheWholeView(String target, int width, int viewportHeight) throws IOException {
        long height = ((Number) js("return document.documentElement.scrollHeight")).longValue();
        emulateScreen(width, (int) Math.min(height, 6000));
        try {
            File shot = browser.getScreenshotAs(OutputType.FILE);
            Path path = Path.of(target);
            Files.createDirectories(path.getParent());
            Files.copy(shot.toPath(), path, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            emulateScreen(width, viewportHeight);
        }
    }

    private void emulateScreen(int width, int height) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", false));
    }

    private void live(String classNo, int action, long operator, int total) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ClassNo", classNo);
        params.put("Operator", Long.toString(operator));
        params.put("Action", Integer.toString(action));
        params.put("totalusernum", Integer.toString(total));
        assertThat(new Simulator(hub.ingress(), "demo", clock::advance).send(new Step.Call("live", params))).isNull();
    }
}
