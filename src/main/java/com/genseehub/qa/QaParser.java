package com.genseehub.qa;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import com.genseehub.callback.CallbackRequest;
import com.genseehub.callback.QueryString;
import com.genseehub.callback.RejectedCallbackException;
import org.springframework.stereotype.Component;

/**
 * Turns a Q&A push (spec section 3) into one journal event per question and per answer, or refuses it
 * with a one-line reason. Event params: type, id, questionId, webcastId, uid, uname, text, time, source
 * (absent values are empty strings).
 */
@Component
public class QaParser {

    private static final Pattern WEBCAST_ID = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");
    private static final Pattern ITEM_ID = Pattern.compile("[A-Za-z0-9_.:\\-]{1,100}");
    private static final Pattern SECONDS = Pattern.compile("\\d{1,12}");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,18}");
    private static final int MAX_UID = 40;
    private static final int MAX_NAME = 200;

    /**
     * {@code POST /gensee/{site}/qa/client}: raw XML, read as the bytes received whatever the
     * Content-Type says (senders that set none send form-urlencoded): in the encoding its XML
     * declaration names, else UTF-8.
     */
    public List<CallbackEvent> client(CallbackRequest request) {
        requireBody(request);
        QaXml.Push push;
        try {
            push = QaXml.parse(request.body());
        } catch (QaXml.InvalidQaXml e) {
            throw RejectedCallbackException.badRequest(request, e.getMessage());
        }
        String webcastId = webcastId(request, push.webcastId());
        List<CallbackEvent> events = new ArrayList<>();
        for (QaXml.Item item : push.items()) {
            String what = item.question() ? "question" : "answer";
            if (item.id() == null || !ITEM_ID.matcher(item.id()).matches()) {
                throw RejectedCallbackException.badRequest(request,
                        what + " id must be 1-100 letters, digits, '-', '_', '.' or ':'");
            }
            Instant time = item.time() == null ? request.receivedAt() : seconds(request, what, item.time());
            events.add(event(request, what, item.id(), item.questionId(), webcastId, item.uid(), item.uname(),
                    item.text(), time, "client"));
        }
        return events;
    }

    /**
     * {@code POST /gensee/{site}/qa/web}: fields userid, name, question, webcastid, in the form body or
     * the query string; the body in the charset its Content-Type declares, else UTF-8, else (bytes that
     * are not UTF-8) GB18030, which the event then records in {@code decodedAs}.
     */
    public List<CallbackEvent> web(CallbackRequest request) {
        QueryString.Form body;
        Map<String, String> form;
        try {
            body = QueryString.parseForm(request.body(), request.declaredCharset());
            form = merge(body.fields(), QueryString.parse(request.query()));
        } catch (IllegalArgumentException e) {
            throw RejectedCallbackException.badRequest(request, e.getMessage());
        }
        if (form.isEmpty()) {
            throw RejectedCallbackException.badRequest(request, "body is empty");
        }
        String webcastId = webcastId(request, form.get("webcastid"));
        String question = form.get("question");
        if (question == null || question.isBlank()) {
            throw RejectedCallbackException.badRequest(request, "question is missing");
        }
        String uid = form.getOrDefault("userid", "");
        // the web push has no id: derive one from what was asked, so the same push again is the same question
        String id = "web-" + UUID.nameUUIDFromBytes(String.join("\u0000", request.site(), webcastId, uid, question)
                .getBytes(StandardCharsets.UTF_8));
        CallbackEvent event = event(request, "question", id, id, webcastId, uid, form.get("name"), question.strip(),
                request.receivedAt(), "web");
        if (body.guessed()) {
            Map<String, String> params = new LinkedHashMap<>(event.params());
            params.put("decodedAs", body.charset().name());
            event = new CallbackEvent(null, event.receivedAt(), event.site(), event.kind(), event.classNo(), null,
                    event.operator(), null, params);
        }
        return List.of(event);
    }

    /** Fields of the body and of the query string together; a name in both is refused. */
    private static Map<String, String> merge(Map<String, String> body, Map<String, String> query) {
        Map<String, String> fields = new LinkedHashMap<>(body);
        for (Map.Entry<String, String> field : query.entrySet()) {
            if (fields.putIfAbsent(field.getKey(), field.getValue()) != null) {
                throw new IllegalArgumentException("parameter " + QueryString.printable(field.getKey())
                        + " is given more than once");
            }
        }
        return fields;
    }

    private static void requireBody(CallbackRequest request) {
        if (!request.hasBody() || request.bodyText().isBlank()) {
            throw RejectedCallbackException.badRequest(request, "body is empty");
        }
    }

    private static String webcastId(CallbackRequest request, String value) {
        if (value == null || value.isEmpty()) {
            throw RejectedCallbackException.badRequest(request, "webcast id is missing");
        }
        if (!WEBCAST_ID.matcher(value).matches()) {
            throw RejectedCallbackException.badRequest(request, "webcast id must be 1-64 letters, digits, '-' or '_'");
        }
        return value;
    }

    private static Instant seconds(CallbackRequest request, String what, String value) {
        if (!SECONDS.matcher(value).matches()) {
            throw RejectedCallbackException.badRequest(request, what + " time must be seconds since 1970");
        }
        return Instant.ofEpochSecond(Long.parseLong(value));
    }

    private static CallbackEvent event(CallbackRequest request, String type, String id, String questionId,
                                       String webcastId, String uid, String uname, String text, Instant time,
                                       String source) {
        uid = uid == null ? "" : uid;
        uname = uname == null ? "" : uname;
        if (uid.length() > MAX_UID) {
            throw RejectedCallbackException.badRequest(request, "uid is longer than " + MAX_UID + " characters");
        }
        if (uname.length() > MAX_NAME) {
            throw RejectedCallbackException.badRequest(request, "user name is longer than " + MAX_NAME + " characters");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("type", type);
        params.put("id", id);
        params.put("questionId", questionId);
        params.put("webcastId", webcastId);
        params.put("uid", uid);
        params.put("uname", uname);
        params.put("text", text);
        params.put("time", time.toString());
        params.put("source", source);
        Long operator = NUMBER.matcher(uid).matches() ? Long.valueOf(uid) : null;
        return new CallbackEvent(null, request.receivedAt(), request.site(), CallbackKind.QA, webcastId, null,
                operator, null, params);
    }
}
