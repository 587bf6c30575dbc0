package com.genseehub.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import org.junit.jupiter.api.Test;

class DigestMailTest {

    private static CallbackEvent exit(String classNo, long operator, String at) {
        return new CallbackEvent(1L, Instant.parse(at), "demo", CallbackKind.LIVE, classNo, 110, operator, 3, Map.of());
    }

    @Test
    void theDigestCountsDropsPerUserAndWhoIsBack() {
        AbnormalExitDigest digest = AbnormalExitDigest.of(List.of(
                exit("C1", 7, "2026-03-02T08:00:00Z"), exit("C1", 8, "2026-03-02T08:00:10Z"),
                exit("C1", 7, "2026-03-02T08:00:40Z")), 5, List.of(8L, 99L), operator -> operator == 8 ? 80L : null);
        assertThat(digest.exits()).isEqualTo(3);
        assertThat(digest.from()).isEqualTo(Instant.parse("2026-03-02T08:00:00Z"));
        assertThat(digest.to()).isEqualTo(Instant.parse("2026-03-02T08:00:40Z"));
        assertThat(digest.users()).containsExactly(
                new AbnormalExitDigest.DroppedUser(7, null, 2, Instant.parse("2026-03-02T08:00:40Z"), false),
                new AbnormalExitDigest.DroppedUser(8, 80L, 1, Instant.parse("2026-03-02T08:00:10Z"), true));
        assertThat(digest.backOnline()).isEqualTo(1);
        assertThat(digest.stillOnline()).isEqualTo(5);
    }

    @Test
    void valuesAreEscapedInHtmlAndHeadersCannotBreakLines() {
        AbnormalExitDigest digest = AbnormalExitDigest.of(List.of(exit("<b>x</b>", 7, "2026-03-02T08:00:00Z")),
                null, List.of(), operator -> operator - 5);
        DigestMail.Mail mail = DigestMail.render(digest, "hub@example.com\r\nBcc: evil@example.com",
                List.of("a@example.com", "b@example.com\nX-Injected: 1"), "Alert {classNo}\r\nX-Evil: yes");
        assertThat(mail.html()).contains("&lt;b&gt;x&lt;/b&gt;").doesNotContain("<b>x</b>");
        assertThat(mail.subject()).isEqualTo("Alert <b>x</b> X-Evil: yes").doesNotContain("\r", "\n");
        assertThat(mail.from()).doesNotContain("\r", "\n");
        assertThat(mail.to()).isEqualTo("a@example.com, b@example.com X-Injected: 1");
        assertThat(mail.text()).contains("Online now: unknown").contains("User\tUser id\tDrops")
                .contains("7\t2\t1\t2026-03-02T08:00:00Z\tno");
        assertThat(mail.html()).contains("<th>User id</th>").contains("<td>7</td><td>2</td><td>1</td>");
    }
}
