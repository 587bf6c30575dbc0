package com.genseehub.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import com.genseehub.config.HubProperties.AttendanceRule;
import org.junit.jupiter.api.Test;

/** The teacher's email as text: every value escaped in the HTML, the subject by language and rule. */
class TeacherMailTest {

    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    private static ClassReport report(String name, AttendanceRule rule) {
        ClassLiveTime live = ClassLiveTime.none().start(T0).stop(T0.plusSeconds(3600));
        List<AttendeeIntervals> attendees = List.of(new AttendeeIntervals(1_000_000_101L, name,
                List.of(new PresenceInterval(T0, T0.plusSeconds(3600), PresenceInterval.End.NORMAL))));
        return ClassReport.of(new ClassReport.Facts("demo", "C1", "STOPPED", T0.plusSeconds(3600), 1, 0, live,
                attendees, rule, 0, 0, Map.of(), T0.plusSeconds(3700)));
    }

    private static TeacherMail.Text render(ClassReport report, ReportLanguage language, String subject) {
        ReportLabels labels = ReportLabels.of(language);
        return TeacherMail.render(report, ReportTable.of(report, labels, ZoneId.of("Asia/Shanghai")), labels, subject,
                language);
    }

    @Test
    void everyValueIsEscapedInTheHtml() {
        TeacherMail.Text mail = render(report("<img src=x onerror=alert(1)>&", null), ReportLanguage.EN, null);
        assertThat(mail.html()).contains("<td>&lt;img src=x onerror=alert(1)&gt;&amp;</td>")
                .doesNotContain("<img src=x");
        assertThat(mail.plain()).contains("1000000101\t<img src=x onerror=alert(1)>&\t1:00:00\t100.0%");
    }

    @Test
    void theDefaultSubjectCountsQualifiedAttendeesOnlyWithARule() {
        assertThat(render(report("Li", null), ReportLanguage.ZH, null).subject()).isEqualTo("课堂报告 C1（demo）：1 人参会");
        assertThat(render(report("Li", new AttendanceRule(0.9, null)), ReportLanguage.ZH, null).subject())
                .isEqualTo("课堂报告 C1（demo）：1 人参会，1 人达标");
        assertThat(render(report("Li", new AttendanceRule(0.9, null)), ReportLanguage.EN, null).subject())
                .isEqualTo("Class report C1 (demo): 1 attendees, 1 qualified");
        assertThat(render(report("Li", null), ReportLanguage.EN, "{site}/{classNo}: {qualified} of {attendees}")
                .subject()).isEqualTo("demo/C1: — of 1");
    }
}
