package com.genseehub.report;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.sinks.teacher-report}: who gets each class's report by email, and through which SMTP server
 * (read by routes/sinks/teacher-report.yaml; retries are the outbox's, {@code hub.sinks.<name>.*}).
 *
 * @param recipients who gets which classes
 * @param from       sender address
 * @param subject    with {classNo}, {site}, {attendees}, {qualified} replaced; empty = a default in the language
 * @param language   zh or en; empty = {@code hub.report.language}
 * @param smtp       the mail server
 */
@ConfigurationProperties("hub.sinks.teacher-report")
public record TeacherReportProperties(List<Recipients> recipients, @DefaultValue("gensee-hub@localhost") String from,
                                      String subject, ReportLanguage language, @DefaultValue Smtp smtp) {

    /**
     * @param timeoutMillis connect and read timeout
     * @param username      only when the server wants a login
     */
    public record Smtp(@DefaultValue("localhost") String host, @DefaultValue("25") int port, String username,
                       String password, @DefaultValue("10000") int timeoutMillis) {
    }

    public TeacherReportProperties {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }

    /**
     * Addresses for the classes of one site, or for those of its classes whose ClassNo starts with
     * {@code classPrefix}.
     */
    public record Recipients(String site, String classPrefix, List<String> to) {
        public Recipients {
            if (site == null || site.isBlank()) {
                throw new IllegalArgumentException("hub.sinks.teacher-report.recipients[].site is required");
            }
            to = to == null ? List.of() : to.stream().map(String::trim).filter(a -> !a.isEmpty()).toList();
        }

        boolean covers(String siteKey, String classNo) {
            return site.equals(siteKey) && (classPrefix == null || classNo.startsWith(classPrefix));
        }
    }

    /** Every address of every entry that covers the class, each once, in the order written. */
    public List<String> addressesFor(String site, String classNo) {
        Set<String> addresses = new LinkedHashSet<>();
        recipients.stream().filter(r -> r.covers(site, classNo)).forEach(r -> addresses.addAll(r.to()));
        return List.copyOf(addresses);
    }
}
