package com.genseehub.report;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.web.util.HtmlUtils;

/**
 * The teacher's email about one class, as text: subject, HTML (figures, the online curve as an inline
 * image, the attendee table) and a plain-text alternative. Every value is HTML-escaped.
 */
public final class TeacherMail {

    /** The Content-ID of the online curve's image part. */
    public static final String CHART_CONTENT_ID = "online-curve@gensee-hub";

    public record Text(String subject, String html, String plain) {
    }

    private TeacherMail() {
    }

    public static Text render(ClassReport report, ReportTable table, ReportLabels labels, String subjectTemplate,
                              ReportLanguage language) {
        ClassReport.Figures f = report.figures();
        String template = subjectTemplate == null || subjectTemplate.isBlank()
                ? defaultSubject(language, f.qualified() != null) : subjectTemplate;
        String subject = template.replace("{classNo}", f.classNo()).replace("{site}", f.site())
                .replace("{attendees}", String.valueOf(f.attendees()))
                .replace("{qualified}", f.qualified() == null ? "—" : String.valueOf(f.qualified()));
        String title = labels.get("report") + " " + f.classNo() + " (" + f.site() + ")";
        return new Text(subject, html(title, table, labels), plain(title, table, labels));
    }

    /** Without a rule nobody is judged: the default subject then leaves the qualified count out. */
    private static String defaultSubject(ReportLanguage language, boolean rule) {
        if (language == ReportLanguage.EN) {
            return "Class report {classNo} ({site}): {attendees} attendees" + (rule ? ", {qualified} qualified" : "");
        }
        return "课堂报告 {classNo}（{site}）：{attendees} 人参会" + (rule ? "，{qualified} 人达标" : "");
    }

    private static String html(String title, ReportTable table, ReportLabels labels) {
        String figures = table.figures().stream()
                .map(line -> "<tr><th align=\"left\">" + esc(line.label()) + "</th><td>" + esc(line.value().text())
                        + "</td></tr>")
                .collect(Collectors.joining("\n"));
        String header = table.header().stream().map(h -> "<th>" + esc(h) + "</th>").collect(Collectors.joining());
        String rows = table.rows().stream()
                .map(row -> "<tr>" + row.stream().map(cell -> "<td>" + esc(cell.text()) + "</td>")
                        .collect(Collectors.joining()) + "</tr>")
                .collect(Collectors.joining("\n"));
        return """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>%s</title></head><body>
                <h1>%s</h1>
                <table cellpadding="3">
                %s
                </table>
                <h2>%s</h2>
                <p><img src="cid:%s" alt="%s" width="%d" height="%d"></p>
                <p>%s</p>
                <h2>%s</h2>
                <table border="1" cellpadding="4" cellspacing="0">
                <tr>%s</tr>
                %s
                </table>
                <p>%s</p>
                </body></html>
                """.formatted(esc(title), esc(title), figures, esc(labels.get("online")), CHART_CONTENT_ID,
                esc(labels.get("online")), OnlineChart.WIDTH, OnlineChart.HEIGHT, esc(labels.get("notLive")),
                esc(labels.get("attendees")), header, rows, esc(labels.get("attachment")));
    }

    private static String plain(String title, ReportTable table, ReportLabels labels) {
        StringBuilder text = new StringBuilder(title).append("\n\n");
        table.figures().forEach(line -> text.append(line.label()).append(": ").append(line.value().text()).append('\n'));
        text.append('\n').append(labels.get("attendees")).append('\n').append(String.join("\t", table.header()))
                .append('\n');
        for (List<ReportTable.Cell> row : table.rows()) {
            text.append(row.stream().map(ReportTable.Cell::text).collect(Collectors.joining("\t"))).append('\n');
        }
        return text.append('\n').append(labels.get("attachment")).append('\n').toString();
    }

    private static String esc(String value) {
        return HtmlUtils.htmlEscape(value == null ? "" : value);
    }
}
