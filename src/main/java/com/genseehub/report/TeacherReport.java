package com.genseehub.report;

import java.util.List;
import java.util.Properties;

import com.genseehub.alert.DigestMail;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import com.genseehub.journal.JournalQueries;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The teacher-report sink's step (routes/sinks/teacher-report.yaml): turns a class summary event into
 * the email camel-mail sends: the figures and attendee table (HTML with a text alternative), the online
 * curve as an inline PNG and the report as an XLSX attachment, computed from the facts now. A class
 * that no recipient entry covers gets no email: the body is left empty and the route sends nothing.
 */
@Component
public class TeacherReport {

    private static final Logger log = LoggerFactory.getLogger(TeacherReport.class);

    private final TeacherReportProperties settings;
    private final ReportProperties report;
    private final ClassReports reports;
    private final JournalQueries journal;

    public TeacherReport(TeacherReportProperties settings, ReportProperties report, ClassReports reports,
                         JournalQueries journal) {
        this.settings = settings;
        this.report = report;
        this.reports = reports;
        this.journal = journal;
    }

    public void compose(Message message) throws MessagingException {
        CallbackEvent summary = message.getBody(CallbackEvent.class);
        List<String> to = settings.addressesFor(summary.site(), summary.classNo());
        if (to.isEmpty()) {
            log.info("No teacher-report recipient for class {} on site {}: no email", summary.classNo(), summary.site());
            message.setBody(null);
            return;
        }
        ClassReport classReport = reports.of(summary.site(), summary.classNo()).orElseThrow(() ->
                new IllegalStateException("no facts for class " + summary.classNo() + " on site " + summary.site()));
        message.setBody(mail(classReport, to));
    }

    MimeMessage mail(ClassReport classReport, List<String> to) throws MessagingException {
        ReportLanguage language = settings.language() == null ? report.language() : settings.language();
        ReportLabels labels = ReportLabels.of(language);
        ReportTable table = ReportTable.of(classReport, labels, report.timeZone());
        TeacherMail.Text text = TeacherMail.render(classReport, table, labels, settings.subject(), language);
        ClassReport.Figures f = classReport.figures();

        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text.plain(), "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(text.html(), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative", plain, html);
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);

        MimeBodyPart chart = part(OnlineChart.png(onlineCurve(f.site(), f.classNo()), f.liveSpans(), f.generatedAt(),
                report.timeZone(), labels, labels.get("online") + " · " + f.classNo()), "image/png",
                "online-" + f.classNo() + ".png", Part.INLINE);
        chart.setContentID("<" + TeacherMail.CHART_CONTENT_ID + ">");
        MimeMultipart related = new MimeMultipart("related", body, chart);
        MimeBodyPart page = new MimeBodyPart();
        page.setContent(related);

        MimeBodyPart workbook = part(ReportFiles.xlsx(table, f.classNo()), ReportFiles.XLSX_TYPE,
                "report-" + f.site() + "-" + f.classNo() + ".xlsx", Part.ATTACHMENT);

        MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()));
        mail.setFrom(new InternetAddress(DigestMail.headerValue(settings.from())));
        mail.setRecipients(jakarta.mail.Message.RecipientType.TO,
                InternetAddress.parse(DigestMail.headerValue(String.join(", ", to))));
        mail.setSubject(DigestMail.headerValue(text.subject()), "UTF-8");
        mail.setContent(new MimeMultipart("mixed", page, workbook));
        mail.saveChanges();
        return mail;
    }

    private List<OnlineChart.Point> onlineCurve(String site, String classNo) {
        return journal.ofClass(site, CallbackKind.LIVE, classNo).stream()
                .filter(event -> event.totalUsers() != null)
                .map(event -> new OnlineChart.Point(event.receivedAt(), event.totalUsers()))
                .toList();
    }

    private static MimeBodyPart part(byte[] content, String type, String fileName, String disposition)
            throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, type)));
        part.setFileName(fileName);
        part.setDisposition(disposition);
        return part;
    }
}
