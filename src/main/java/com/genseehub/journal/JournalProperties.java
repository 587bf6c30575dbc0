package com.genseehub.journal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code hub.journal} in application.yaml.
 *
 * @param maxRequestsPerCommit    requests one journal write takes at most (group commit)
 * @param spoolCheckpointInterval embedded H2: how often the database is made to write its file so
 *                                that the spool before it can be deleted
 * @param fsync                   force every journal write to the device before the callback is
 *                                answered (survives a power cut, not only a killed process)
 * @param h2Cache                 embedded H2: the database's page cache
 */
@ConfigurationProperties("hub.journal")
public record JournalProperties(@DefaultValue("256") int maxRequestsPerCommit,
                                @DefaultValue("5s") Duration spoolCheckpointInterval,
                                @DefaultValue("false") boolean fsync,
                                @DefaultValue("2MB") DataSize h2Cache) {
}
