package com.genseehub.crm;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.genseehub.callback.CallbackEvent;

/**
 * The JSON a CRM receives for one question or answer (documented in the README).
 *
 * @param event      "qa.question" or "qa.answer"
 * @param eventSeq   the hub's sequence number of the callback (idempotency key)
 * @param receivedAt when the hub received it
 * @param site       site key
 * @param classNo    ClassNo of the webcast / class
 * @param type       question or answer
 * @param id         the question's or answer's id
 * @param questionId for an answer: the question it answers
 * @param webcastId  Gensee webcast id
 * @param uid        the asker's / answerer's user id
 * @param userId     the integrator's id: uid - hub.sites.&lt;key&gt;.uid-offset (absent without an offset or below it)
 * @param uname      their display name
 * @param text       the question or answer
 * @param time       when it was asked / answered (from Gensee)
 * @param source     client or web push
 */
public record QaPayload(String event, long eventSeq, Instant receivedAt, String site, String classNo, String type,
                        String id, String questionId, String webcastId, String uid,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Long userId, String uname, String text,
                        String time, String source) {

    public static QaPayload of(CallbackEvent qa, Long userId) {
        Map<String, String> p = qa.params();
        String type = p.get("type");
        return new QaPayload("qa." + type, qa.seq(), qa.receivedAt(), qa.site(), qa.classNo(), type, p.get("id"),
                p.get("questionId"), p.get("webcastId"), p.get("uid"), userId, p.get("uname"), p.get("text"),
                p.get("time"), p.get("source"));
    }
}
