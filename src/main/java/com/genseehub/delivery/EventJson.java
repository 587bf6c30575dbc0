package com.genseehub.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * An event (or a digest's list of events) as the JSON sinks publish: {@code seq, receivedAt, site, kind,
 * classNo, action, operator, totalUsers, params}, times ISO-8601 UTC. Used from sink routes.
 */
@Component
public class EventJson {

    private final ObjectMapper json;

    public EventJson(ObjectMapper json) {
        this.json = json;
    }

    public String write(Object events) throws JsonProcessingException {
        return json.writeValueAsString(events);
    }
}
