package com.genseehub.report;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.report} in application.yaml.
 *
 * @param delay        a class's summary is journaled this long after it stopped (late leaves arrive
 *                     first), and this long after its figures last changed
 * @param pollInterval how often the hub looks for summaries that are due
 * @param claimTimeout a summary one hub instance began to journal is left to it this long (then
 *                     another instance, or the same after a restart, takes it over)
 * @param timeZone     times in CSV, XLSX, the email and the chart are written in this zone
 * @param language     zh or en: headers and labels when a request or sink does not say
 */
@ConfigurationProperties("hub.report")
public record ReportProperties(@DefaultValue("2m") Duration delay, @DefaultValue("5s") Duration pollInterval,
                               @DefaultValue("1m") Duration claimTimeout,
                               @DefaultValue("Asia/Shanghai") ZoneId timeZone,
                               @DefaultValue("zh") ReportLanguage language) {
}
