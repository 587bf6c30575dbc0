package com.genseehub.alert;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code hub.sinks.mail-alert}: who gets the abnormal-exit digest and what it looks like. */
@ConfigurationProperties("hub.sinks.mail-alert")
public record MailAlertProperties(List<String> to, @DefaultValue("gensee-hub@localhost") String from,
                                  @DefaultValue("[Gensee] {count} abnormal exits in class {classNo} ({site})") String subject,
                                  @DefaultValue("1") int minCount) {

    public MailAlertProperties {
        to = to == null ? List.of() : List.copyOf(to);
    }
}
