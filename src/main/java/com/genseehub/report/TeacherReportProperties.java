package com.genseehub.report;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.sinks.teacher-report}: who gets each class's report by email (the SMTP server and retries
 * are read by routes/sinks/teacher-report.yaml and the outbox).
 *
 * @param recipients who gets which classes
 * @param from       sender address
 * @param subject    with {classNo}, {site}, {attendees}, {qualified} replaced; empty = a default in the language
 * @param language   zh or en; empty = {@code hub.report.language}
 */
@ConfigurationProperties("hub.sinks.teacher-report")
public record TeacherReportProperties(List<Recipients> recipients, @DefaultValue("gensee-hub@localhost") String from,
                                      String subject, ReportLanguage language) {

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
