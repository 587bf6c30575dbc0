package com.genseehub.crm;

import java.time.Clock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import com.genseehub.report.SummaryPayloads;
import com.genseehub.users.UserIds;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The CRM sink's step (routes/sinks/crm.yaml): turns a Q&A event, or a class summary, into the signed
 * POST for the endpoint the delivery is for (header {@code sinkEndpoint}).
 */
@Component
public class CrmWebhook {

    private final CrmProperties settings;
    private final ObjectMapper json;
    private final Clock clock;
    private final UserIds userIds;
    private final SummaryPayloads summaries;

    public CrmWebhook(CrmProperties settings, ObjectMapper json, Clock clock, UserIds userIds, SummaryPayloads summaries) {
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.userIds = userIds;
        this.summaries = summaries;
    }

    public void sign(Message message) throws JsonProcessingException {
        String key = message.getHeader("sinkEndpoint", String.class);
        CrmProperties.Endpoint endpoint = settings.endpoints().get(key);
        if (endpoint == null || endpoint.url() == null) {
            throw new IllegalStateException("hub.sinks.crm.endpoints." + key + ".url is not set");
        }
        CallbackEvent event = message.getBody(CallbackEvent.class);
        Object payload = event.kind() == CallbackKind.SUMMARY ? summaries.of(event)
                : QaPayload.of(event, userIds.of(event.site(), event.params().get("uid")));
        String body = json.writeValueAsString(payload);
        String id = "msg_" + event.seq();
        long timestamp = clock.instant().getEpochSecond();
        message.removeHeader("sinkEndpoint");
        message.setHeader("webhook-id", id);
        message.setHeader("webhook-timestamp", String.valueOf(timestamp));
        message.setHeader("webhook-signature", WebhookSignature.sign(endpoint.secret(), id, timestamp, body));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.HTTP_URI, endpoint.url());
        message.setBody(body);
    }
}
