package com.genseehub.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.genseehub.users.UserIds;
import org.springframework.stereotype.Component;

/**
 * An event (or a digest's list of events) as the JSON sinks publish: {@code seq, receivedAt, site, kind,
 * classNo, action, operator, totalUsers, params}, times ISO-8601 UTC, and {@code userId} (Operator -
 * hub.sites.&lt;key&gt;.uid-offset) where the site has an offset and the Operator is not below it. Used
 * from sink routes.
 */
@Component
public class EventJson {

    private final ObjectMapper json;
    private final UserIds userIds;

    public EventJson(ObjectMapper json, UserIds userIds) {
        this.json = json;
        this.userIds = userIds;
    }

    public String write(Object events) throws JsonProcessingException {
        JsonNode tree = json.valueToTree(events);
        if (tree.isArray()) {
            tree.forEach(this::addUserId);
        } else {
            addUserId(tree);
        }
        return json.writeValueAsString(tree);
    }

    private void addUserId(JsonNode event) {
        JsonNode operator = event.get("operator");
        if (event instanceof ObjectNode object && operator != null && operator.canConvertToLong()) {
            Long userId = userIds.of(event.path("site").asText(null), operator.asLong());
            if (userId != null) {
                object.put("userId", userId);
            }
        }
    }
}
