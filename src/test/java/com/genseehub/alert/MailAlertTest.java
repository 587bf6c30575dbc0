package com.genseehub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import com.genseehub.support.Deliveries;
import com.genseehub.support.HubTest;
import com.genseehub.support.MutableClock;
import com.genseehub.support.RunningHubTest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/** Abnormal exits (110) -> one digest email per class and window, through a real SMTP server (GreenMail). */
@HubTest
@TestPropertySource(properties = {
        "hub.delivery.poll-interval=50ms",
        "hub.sinks.mail-alert.enabled=true",
        "hub.sinks.mail-alert.to=ops@example.com, teacher@example.com",
        "hub.sinks.mail-alert.from=hub@example.com",
        "hub.sinks.mail-alert.window=60s",
        "hub.sinks.mail-alert.max-attempts=5",
        "hub.sinks.mail-alert.initial-delay=10s",
        "hub.sinks.mail-alert.max-delay=20s",
        "hub.sinks.mail-alert.smtp.host=127.0.0.1",
        "hub.sinks.mail-alert.smtp.timeout-millis=2000"
})
class MailAlertTest extends RunningHubTest {

    static final int SMTP_PORT = freePort();
    static GreenMail smtp;

    @DynamicPropertySource
    static void smtpPort(DynamicPropertyRegistry registry) {
        registry.add("hub.sinks.mail-alert.smtp.port", () -> SMTP_PORT);
    }

    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;

    Deliveries deliveries;

    @BeforeEach
    void connect() {
        deliveries = new Deliveries(hub);
        startSmtp();
        jdbc.sql("delete from delivery").update();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @Test
    void aBurstOfAbnormalExitsBecomesOneDigestPerClass() throws Exception {
        Instant start = clock.instant();
        live("M1", 0, 102, 0);
        live("M1", 0, 103, 0);
        live("M1", 1000000101, 101, 1);
        live("M1", 1000000102, 101, 2);
        live("M1", 1000000103, 101, 3);
        live("M1", 1000000101, 110, 2);
        clock.advance(Duration.ofSeconds(5));
        live("M1", 1000000102, 110, 1);
        live("M1", 1000000101, 101, 2);
        clock.advance(Duration.ofSeconds(20));
        live("M1", 1000000101, 110, 1);
        live("M2", 1000000201, 110, 0);
        live("M1", 1000000102, 101, 2);
        hub.awaitDispatched();

        // still inside the window: nothing sent, everything pending
        deliveries.awaitAll("mail-alert", 4, "pending");
        assertThat(smtp.getReceivedMessages()).isEmpty();

        clock.advance(Duration.ofSeconds(40)); // 60 s after M1's first abnormal exit
        deliveries.await("mail-alert", "done for M1", items -> count(items, "done") == 3);
        assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
        MimeMessage[] received = smtp.getReceivedMessages();
        // one email, one copy per recipient
        assertThat(received).hasSize(2);
        assertThat(Arrays.stream(received).map(MailAlertTest::recipients).distinct())
                .containsExactly("ops@example.com, teacher@example.com");
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).isEqualTo("[Gensee] 3 abnormal exits in class M1 (demo)");
        assertThat(GreenMailUtil.getAddressList(mail.getFrom())).isEqualTo("hub@example.com");
        Multipart parts = (Multipart) mail.getContent();
        String text = partOf(parts, "text/plain");
        String html = partOf(parts, "text/html");
        assertThat(text).contains("From " + start + " to " + start.plusSeconds(25))
                .contains("3 abnormal exits by 2 users, 1 of them back online")
                .contains("Online now: 2")
                .contains("1000000101\t2\t" + start.plusSeconds(25) + "\tno")
                .contains("1000000102\t1\t" + start.plusSeconds(5) + "\tyes");
        assertThat(html).contains("<h1>Abnormal exits (110) in class M1</h1>").contains("<td>1000000101</td><td>2</td>");

        // M2's window closes 25 s later: its own digest
        clock.advance(Duration.ofSeconds(25));
        deliveries.awaitAll("mail-alert", 4, "done");
        assertThat(smtp.waitForIncomingEmail(10_000, 4)).isTrue();
        assertThat(Arrays.stream(smtp.getReceivedMessages()).map(MailAlertTest::subject))
                .containsExactlyInAnyOrder("[Gensee] 3 abnormal exits in class M1 (demo)",
                        "[Gensee] 3 abnormal exits in class M1 (demo)", "[Gensee] 1 abnormal exits in class M2 (demo)",
                        "[Gensee] 1 abnormal exits in class M2 (demo)");
    }

    @Test
    void whileTheMailServerIsDownTheDigestWaitsAndIsSentLater() throws Exception {
        smtp.stop();
        live("M3", 1000000301, 110, 4);
        live("M3", 1000000302, 110, 3);
        hub.awaitDispatched();
        clock.advance(Duration.ofSeconds(61));

        JsonNode failed = deliveries.await("mail-alert", "failed",
                items -> items.size() == 2 && count(items, "failed") == 2);
        assertThat(failed.get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(failed.get(0).get("lastError").asText()).isNotBlank();

        startSmtp();
        clock.advance(Duration.ofSeconds(21));
        deliveries.awaitAll("mail-alert", 2, "done");
        assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
        assertThat(smtp.getReceivedMessages()).hasSize(2);
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("[Gensee] 2 abnormal exits in class M3 (demo)");
    }

    private void live(String classNo, long operator, int action, int total) {
        var response = hub.get("/gensee/demo/live?ClassNo=" + classNo + "&Operator=" + operator + "&Action=" + action
                + "&totalusernum=" + total);
        assertThat(response.statusCode()).isEqualTo(200);
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static String recipients(MimeMessage mail) {
        try {
            return GreenMailUtil.getAddressList(mail.getRecipients(jakarta.mail.Message.RecipientType.TO));
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static long count(JsonNode items, String status) {
        return java.util.stream.StreamSupport.stream(items.spliterator(), false)
                .filter(item -> item.get("status").asText().equals(status)).count();
    }

    private static String partOf(Multipart parts, String type) throws Exception {
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).getContentType().startsWith(type)) {
                return parts.getBodyPart(i).getContent().toString();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    private static void startSmtp() {
        if (smtp == null || !smtp.isRunning()) {
            smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
        }
        smtp.reset();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
