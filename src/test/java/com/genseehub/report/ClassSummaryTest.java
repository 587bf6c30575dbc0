package com.genseehub.report;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.attendance.ClassFiguresChanged;
import com.genseehub.crm.WebhookSignature;
import com.genseehub.simulator.ClassScenario;
import com.genseehub.simulator.Expected;
import com.genseehub.simulator.Script;
import com.genseehub.simulator.Simulator;
import com.genseehub.simulator.Step;
import com.genseehub.support.HubTest;
import com.genseehub.support.MutableClock;
import com.genseehub.support.RunningHubTest;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The class summary: journaled hub.report.delay after a class stops, emailed to its teachers through a
 * real SMTP server (GreenMail) with the online curve as an inline PNG and the report as an XLSX (both
 * opened and read), POSTed to the CRM (a real HTTP server); not journaled again by a rebuild, again
 * when the figures change.
 */
@HubTest
@TestPropertySource(properties = {
        "hub.report.poll-interval=100ms",
        "hub.report.delay=2m",
        "hub.delivery.poll-interval=50ms",
        "hub.sites.demo.attendance.min-presence=0.5",
        "hub.sinks.teacher-report.enabled=true",
        "hub.sinks.teacher-report.from=hub@example.com",
        "hub.sinks.teacher-report.language=en",
        "hub.sinks.teacher-report.recipients[0].site=demo",
        "hub.sinks.teacher-report.recipients[0].to=head@example.com",
        "hub.sinks.teacher-report.recipients[1].site=demo",
        "hub.sinks.teacher-report.recipients[1].class-prefix=MATH",
        "hub.sinks.teacher-report.recipients[1].to=maths@example.com, head@example.com",
        "hub.sinks.teacher-report.recipients[2].site=lecture",
        "hub.sinks.teacher-report.recipients[2].to=lecture@example.com",
        "hub.sinks.teacher-report.smtp.host=127.0.0.1",
        "hub.sinks.teacher-report.smtp.timeout-millis=2000",
        "hub.sinks.crm.enabled=true",
        "hub.sinks.crm.class-summary=true",
        "hub.sinks.crm.endpoints.acme.secret=summary-secret"
})
class ClassSummaryTest extends RunningHubTest {

    static final int SMTP_PORT = freePort();
    static final WireMockServer CRM = new WireMockServer(options().dynamicPort());
    static GreenMail smtp;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        if (!CRM.isRunning()) {
            CRM.start();
        }
        registry.add("hub.sinks.teacher-report.smtp.port", () -> SMTP_PORT);
        registry.add("hub.sinks.crm.endpoints.acme.url", () -> "http://localhost:" + CRM.port() + "/hooks/acme");
    }

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopServers() {
        smtp.stop();
        CRM.stop();
    }

    @Autowired
    MutableClock clock;
    @Autowired
    ApplicationEventPublisher events;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void crmAnswers() {
        CRM.stubFor(post(urlEqualTo("/hooks/acme")).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void afterTheDelayTheTeachersGetTheReportWithItsChartAndWorkbookAndTheCrmItsJson() throws Exception {
        String classNo = "MATH-" + UUID.randomUUID().toString().substring(0, 8);
        Script script = ClassScenario.webcast(classNo).attendees(8).abnormalExits(2).missingLeaves(1)
                .duplicateJoins(1).earlyWebUsers(1).recordings(1).vodViewers(0).lateVodEnds(0).seed(19).build();
        assertThat(new Simulator(hub.ingress(), "demo", clock::advance).play(script).allAcknowledged()).isTrue();
        hub.awaitDispatched();
        Expected truth = script.expected();

        // due two minutes after the stop, not before
        clock.advance(Duration.ofSeconds(119));
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> summaries(classNo).isEmpty());
        clock.advance(Duration.ofSeconds(1));
        JsonNode summary = awaitSummaries(classNo, 1).get(0);
        assertThat(summary.get("params").get("reason").asText()).isEqualTo("stopped");
        assertThat(summary.get("params").get("run").asText()).isEqualTo("1");
        long seq = summary.get("seq").asLong();

        List<MimeMessage> mails = awaitMails(classNo, 2); // one email, a copy per recipient
        MimeMessage mail = mails.get(0);
        JsonNode report = hub.apiJson("/api/sessions/demo/" + classNo + "/report");
        JsonNode figures = report.get("class");
        assertThat(mail.getSubject()).isEqualTo("Class report " + classNo + " (demo): " + figures.get("attendees").asInt()
                + " attendees, " + figures.get("qualified").asInt() + " qualified");
        assertThat(GreenMailUtil.getAddressList(mail.getRecipients(jakarta.mail.Message.RecipientType.TO)))
                .isEqualTo("head@example.com, maths@example.com");
        assertThat(GreenMailUtil.getAddressList(mail.getFrom())).isEqualTo("hub@example.com");

        // multipart/mixed: [multipart/related: [alternative: text, html], inline PNG], XLSX attachment
        Multipart mixed = (Multipart) mail.getContent();
        assertThat(mail.getContentType()).startsWith("multipart/mixed");
        assertThat(mixed.getCount()).isEqualTo(2);
        Multipart related = (Multipart) mixed.getBodyPart(0).getContent();
        assertThat(mixed.getBodyPart(0).getContentType()).startsWith("multipart/related");
        Multipart alternative = (Multipart) related.getBodyPart(0).getContent();
        String text = alternative.getBodyPart(0).getContent().toString();
        String html = alternative.getBodyPart(1).getContent().toString();
        assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat(html).contains("<img src=\"cid:online-curve@gensee-hub\"")
                .contains("<th>User id</th><th>Name</th><th>Time present</th><th>Presence</th><th>Qualified</th>");
        for (long operator : truth.attendance().keySet()) {
            assertThat(html).contains("<tr><td>" + operator + "</td>");
        }
        assertThat(text).contains("Live time: " + ReportTable.duration(truth.liveSeconds()))
                .contains("Pauses: 1");

        MimeBodyPart png = (MimeBodyPart) related.getBodyPart(1);
        assertThat(png.getContentType()).startsWith("image/png");
        assertThat(png.getContentID()).isEqualTo("<online-curve@gensee-hub>");
        assertThat(png.getDisposition()).isEqualTo(Part.INLINE);
        BufferedImage chart = ImageIO.read(png.getInputStream());
        assertThat(chart.getWidth()).isEqualTo(OnlineChart.WIDTH);
        assertThat(chart.getHeight()).isEqualTo(OnlineChart.HEIGHT);
        assertThat(columnsWith(chart, OnlineChart.LINE)).as("the curve is drawn").isGreaterThan(100);
        // the class was not live for 30 s before its start and 120 s of pause, then live until its stop
        double notLive = 150.0 / (truth.liveSeconds() + 150);
        int plotWidth = columnsWith(chart, OnlineChart.PLOT_BACKGROUND, OnlineChart.NOT_LIVE);
        assertThat((double) columnsWith(chart, OnlineChart.NOT_LIVE) / plotWidth)
                .as("share of the time axis shaded as not live").isCloseTo(notLive, org.assertj.core.data.Offset.offset(0.02));

        BodyPart attachment = mixed.getBodyPart(1);
        assertThat(attachment.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(attachment.getFileName()).isEqualTo("report-demo-" + classNo + ".xlsx");
        assertThat(attachment.getContentType()).startsWith(ReportFiles.XLSX_TYPE);
        try (InputStream in = attachment.getInputStream(); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getSheetName()).isEqualTo(classNo);
            Map<Long, JsonNode> rows = ClassReportTest.byOperator(report.get("attendees"));
            int header = firstRow(sheet, "User id");
            int seen = 0;
            for (int r = header + 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                JsonNode expected = rows.get((long) row.getCell(0).getNumericCellValue());
                assertThat(row.getCell(3).getNumericCellValue()).isEqualTo(expected.get("presence").asDouble());
                assertThat(Math.round(row.getCell(2).getNumericCellValue() * 86_400))
                        .isEqualTo(truth.presentWhileLive().get(expected.get("operator").asLong()));
                seen++;
            }
            assertThat(seen).isEqualTo(truth.attendance().size());
        }

        // the CRM: the class.summary event, signed
        Deliveries.awaitDone(hub, "crm:acme", seq);
        LoggedRequest post = crmPosts(seq).get(0);
        JsonNode body = json.readTree(post.getBodyAsString());
        assertThat(body.get("event").asText()).isEqualTo("class.summary");
        assertThat(body.get("eventSeq").asLong()).isEqualTo(seq);
        assertThat(body.get("reason").asText()).isEqualTo("stopped");
        assertThat(body.get("classNo").asText()).isEqualTo(classNo);
        assertThat(body.get("class").get("liveSeconds").asLong()).isEqualTo(truth.liveSeconds());
        assertThat(body.get("attendees")).hasSize(truth.attendance().size());
        assertThat(post.getHeader("webhook-signature")).isEqualTo(WebhookSignature.sign("summary-secret",
                "msg_" + seq, Long.parseLong(post.getHeader("webhook-timestamp")), post.getBodyAsString()));
    }

    @Test
    void aClassStartedAgainBeforeTheDelayIsSummarisedAfterItsNextStop() throws Exception {
        String classNo = "RE" + UUID.randomUUID().toString().substring(0, 8);
        live(classNo, 103, 0, 0);
        live(classNo, 101, 1_000_000_101L, 1);
        clock.advance(Duration.ofMinutes(10));
        live(classNo, 105, 0, 0);
        clock.advance(Duration.ofMinutes(1));
        live(classNo, 103, 0, 0);             // the teacher goes on before the summary was due
        hub.awaitDispatched();
        clock.advance(Duration.ofMinutes(5));
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> summaries(classNo).isEmpty());

        clock.advance(Duration.ofMinutes(10));
        live(classNo, 105, 0, 0);
        hub.awaitDispatched();
        clock.advance(Duration.ofMinutes(2));
        JsonNode summary = awaitSummaries(classNo, 1).get(0);
        assertThat(summary.get("params").get("run").asText()).isEqualTo("2");
        MimeMessage mail = awaitMails(classNo, 1).get(0);
        assertThat(GreenMailUtil.getAddressList(mail.getRecipients(jakarta.mail.Message.RecipientType.TO)))
                .isEqualTo("head@example.com");
        // both runs count: 10 min before the first stop, 15 from the restart to the second stop
        assertThat(hub.apiJson("/api/sessions/demo/" + classNo + "/report").get("class").get("liveSeconds").asLong())
                .isEqualTo(1500);
    }

    @Test
    void aRebuildSendsNothingAgainAndChangedFiguresSendAnotherSummary() throws Exception {
        String classNo = "FC" + UUID.randomUUID().toString().substring(0, 8);
        live(classNo, 103, 0, 0);
        live(classNo, 101, 1_000_000_101L, 1);
        clock.advance(Duration.ofMinutes(30));
        live(classNo, 105, 0, 0);
        hub.awaitDispatched();
        clock.advance(Duration.ofMinutes(2));
        long first = awaitSummaries(classNo, 1).get(0).get("seq").asLong();
        Deliveries.awaitDone(hub, "teacher-report", first);
        awaitMails(classNo, 1);

        // replaying the journal: the stop is recognised, nothing is journaled or sent again
        assertThat(hub.api("POST", "/api/admin/rebuild", null).statusCode()).isEqualTo(200);
        hub.awaitDispatched();
        clock.advance(Duration.ofMinutes(3));
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                .until(() -> summaries(classNo).size() == 1 && deliveriesOf(first) == 2);
        assertThat(mails(classNo)).hasSize(1);

        // reconciliation says the figures changed, but they are those already sent: nothing
        events.publishEvent(new ClassFiguresChanged("demo", classNo));
        clock.advance(Duration.ofMinutes(3));
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> summaries(classNo).size() == 1);

        // a late roll-call check-in changes the figures: another summary, delay after the change
        assertThat(hub.get("/gensee/demo-pages/rollcall?userid=1000000101&webcastid=" + classNo).statusCode()).isEqualTo(200);
        hub.awaitDispatched();
        events.publishEvent(new ClassFiguresChanged("demo", classNo));
        clock.advance(Duration.ofSeconds(119));
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> summaries(classNo).size() == 1);
        clock.advance(Duration.ofSeconds(1));
        JsonNode second = awaitSummaries(classNo, 2).get(0);
        assertThat(second.get("params").get("reason").asText()).isEqualTo("figures-changed");
        assertThat(second.get("params").get("generation").asText()).isEqualTo("2");
        assertThat(second.get("params").get("run").asText()).isEqualTo("1");
        awaitMails(classNo, 2);
        Deliveries.awaitDone(hub, "crm:acme", second.get("seq").asLong());
        JsonNode body = json.readTree(crmPosts(second.get("seq").asLong()).get(0).getBodyAsString());
        assertThat(body.get("class").get("rollCallCheckIns").asInt()).isEqualTo(1);
        assertThat(body.get("generation").asInt()).isEqualTo(2);
    }

    // ---- helpers

    /** The journal's summary events of the class, newest first. */
    private List<JsonNode> summaries(String classNo) {
        List<JsonNode> found = new ArrayList<>();
        hub.apiJson("/api/events?site=demo&classNo=" + classNo + "&limit=1000").get("items").forEach(event -> {
            if (event.get("kind").asText().equals("summary")) {
                found.add(event);
            }
        });
        return found;
    }

    private List<JsonNode> awaitSummaries(String classNo, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> summaries(classNo).size() == count);
        return summaries(classNo);
    }

    private long deliveriesOf(long seq) {
        long n = 0;
        for (JsonNode delivery : hub.apiJson("/api/deliveries?limit=1000").get("items")) {
            n += delivery.get("eventSeq").asLong() == seq ? 1 : 0;
        }
        return n;
    }

    private static List<MimeMessage> mails(String classNo) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(mail -> {
            try {
                return mail.getSubject().contains(classNo);
            } catch (jakarta.mail.MessagingException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static List<MimeMessage> awaitMails(String classNo, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> mails(classNo).size() == count);
        return mails(classNo);
    }

    private static List<LoggedRequest> crmPosts(long seq) {
        return CRM.findAll(postRequestedFor(urlEqualTo("/hooks/acme"))).stream()
                .filter(request -> ("msg_" + seq).equals(request.getHeader("webhook-id"))).toList();
    }

    /** How many pixel columns of the image hold any of these colours. */
    private static int columnsWith(BufferedImage image, java.awt.Color... colours) {
        int columns = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            boolean found = false;
            for (int y = 0; y < image.getHeight() && !found; y++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                for (java.awt.Color colour : colours) {
                    found |= rgb == (colour.getRGB() & 0xffffff);
                }
            }
            columns += found ? 1 : 0;
        }
        return columns;
    }

    private static int firstRow(Sheet sheet, String firstCell) {
        for (Row row : sheet) {
            if (row.getCell(0) != null && row.getCell(0).getCellType() == org.apache.poi.ss.usermodel.CellType.STRING
                    && row.getCell(0).getStringCellValue().equals(firstCell)) {
                return row.getRowNum();
            }
        }
        throw new AssertionError("no row starting with " + firstCell);
    }

    private void live(String classNo, int action, long operator, int total) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ClassNo", classNo);
        params.put("Operator", Long.toString(operator));
        params.put("Action", Integer.toString(action));
        params.put("totalusernum", Integer.toString(total));
        assertThat(new Simulator(hub.ingress(), "demo", clock::advance).send(new Step.Call("live", params))).isNull();
    }

    /** Waits for the delivery of one event to one sink to be done. */
    static final class Deliveries {
        static void awaitDone(com.genseehub.support.HubClient hub, String sink, long seq) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (JsonNode d : hub.apiJson("/api/deliveries?limit=1000&sink=" + sink).get("items")) {
                    if (d.get("eventSeq").asLong() == seq) {
                        return d.get("status").asText().equals("done");
                    }
                }
                return false;
            });
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
