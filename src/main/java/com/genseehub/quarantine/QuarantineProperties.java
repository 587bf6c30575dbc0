package com.genseehub.quarantine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code hub.quarantine} in application.yaml (how long rows are kept: {@code hub.retention.quarantine}).
 *
 * @param maxRows     rows kept at most; beyond, the oldest are deleted (and counted)
 * @param sampleBytes body bytes kept of a request to an unknown site or from an address not allowed
 * @param queue       requests refused at the door waiting to be written; beyond, they are dropped (and counted)
 */
@ConfigurationProperties("hub.quarantine")
public record QuarantineProperties(@DefaultValue("10000") long maxRows,
                                   @DefaultValue("4KB") DataSize sampleBytes, @DefaultValue("1000") int queue) {
}
