package com.genseehub.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.delivery.EventJson;
import com.genseehub.journal.JournalArchive;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    /** The journal's archive under hub.retention.archive-directory, each event as GET /api/events shows it. */
    @Bean
    JournalArchive journalArchive(RetentionProperties settings, EventJson eventJson, ObjectMapper json) {
        return new JournalArchive(settings.archiveDirectory(), event -> {
            try {
                return eventJson.write(event);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("event seq " + event.seq() + " cannot be written as JSON", e);
            }
        }, json);
    }
}
