package com.genseehub.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import com.genseehub.config.HubProperties;
import org.springframework.stereotype.Component;

/**
 * Turns what Gensee answered, once routes/reconcile.yaml has mapped it, into the journal event of kind
 * {@code export} that carries it: what was asked, the answer as received, and the records with their
 * times read (ISO-8601 UTC), so that applying it later, or again in a rebuild, needs no setting.
 *
 * <p>Params of the event: {@code record} (class or vod), {@code call}, {@code asked} (JSON, without the
 * credentials), {@code answer} (the answer's JSON; for VOD a JSON array of the pages' answers),
 * {@code records} (JSON array), {@code ignored} (records that could not be read), {@code pass}, and
 * {@code date} for VOD.
 */
@Component
public class GenseeRecords {

    private final HubProperties hub;
    private final ReconcileProperties settings;
    private final ObjectMapper json;
    private final Clock clock;

    public GenseeRecords(HubProperties hub, ReconcileProperties settings, ObjectMapper json, Clock clock) {
        this.hub = hub;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    /**
     * A class's record: each mapped item {@code {uid, name, join, leave}} read. A missing leave is the
     * class's stop (or now, for a class still running).
     */
    public CallbackEvent classRecord(ReconcileJob job, String call, String asked, String answer, String mapped) {
        GenseeTimes times = times(job.site());
        Instant now = clock.instant();
        Instant openEnd = job.stoppedAt() == null ? now : job.stoppedAt();
        ArrayNode records = json.createArrayNode();
        int ignored = 0;
        for (JsonNode item : array(mapped)) {
            Long uid = uid(item.get("uid"));
            Instant join = times.parse(item.get("join"), "join");
            if (uid == null || join == null) {
                ignored++;
                continue;
            }
            Instant leave = times.parse(item.get("leave"), "leave");
            ObjectNode record = records.addObject();
            record.put("uid", uid);
            putName(record, item);
            record.put("join", join.toString());
            record.put("leave", (leave == null || leave.isBefore(join) ? (openEnd.isBefore(join) ? join : openEnd) : leave)
                    .toString());
        }
        return event(job, now, job.target(), params(job, call, asked, answer, records, ignored));
    }

    /**
     * A day of the site's VOD record: each mapped item {@code {vodId, uid, name, start, leave, duration}};
     * the seconds are leave - start, or {@code duration} (seconds) when a time is missing.
     */
    public CallbackEvent vodRecord(ReconcileJob job, String call, String asked, List<String> answers, String mapped) {
        GenseeTimes times = times(job.site());
        ArrayNode records = json.createArrayNode();
        int ignored = 0;
        for (JsonNode item : array(mapped)) {
            Long uid = uid(item.get("uid"));
            JsonNode vodId = item.get("vodId");
            Instant start = times.parse(item.get("start"), "start");
            Instant leave = times.parse(item.get("leave"), "leave");
            JsonNode duration = item.get("duration");
            if (uid == null || vodId == null || vodId.asText().isBlank()
                    || (start == null || leave == null) && (duration == null || !duration.canConvertToLong())) {
                ignored++;
                continue;
            }
            ObjectNode record = records.addObject();
            record.put("vodId", vodId.asText());
            record.put("uid", uid);
            putName(record, item);
            record.put("start", start == null ? null : start.toString());
            record.put("leave", leave == null ? null : leave.toString());
            record.put("seconds", start != null && leave != null
                    ? Math.max(0, Duration.between(start, leave).toSeconds()) : duration.asLong());
        }
        Map<String, String> params = params(job, call, asked, "[" + String.join(",", answers) + "]", records, ignored);
        params.put("date", job.target());
        return event(job, clock.instant(), null, params);
    }

    /** The VOD loop of routes/reconcile.yaml: keeps one more page's answer; refuses more than hub.reconcile.vod-max-pages. */
    public List<String> addPage(List<String> pages, String answer) {
        List<String> more = new ArrayList<>(pages == null ? List.of() : pages);
        if (more.size() >= settings.vodMaxPages()) {
            throw new GenseeApiException("VOD history has more than hub.reconcile.vod-max-pages ("
                    + settings.vodMaxPages() + ") pages");
        }
        more.add(answer);
        return more;
    }

    /** The collected pages as one JSON array, for the mapping. */
    public String pages(List<String> pages) {
        return "[" + String.join(",", pages == null ? List.of() : pages) + "]";
    }

    private Map<String, String> params(ReconcileJob job, String call, String asked, String answer, ArrayNode records,
                                       int ignored) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("record", job.kind());
        params.put("call", call);
        params.put("asked", compact(asked));
        params.put("answer", answer);
        params.put("records", records.toString());
        params.put("ignored", Integer.toString(ignored));
        params.put("pass", Integer.toString(job.pass()));
        return params;
    }

    /** JSON text without the layout a converter may have given it. */
    private String compact(String text) {
        try {
            return json.readTree(text).toString();
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    private static CallbackEvent event(ReconcileJob job, Instant at, String classNo, Map<String, String> params) {
        return new CallbackEvent(null, at, job.site(), CallbackKind.EXPORT, classNo, null, null, null, params);
    }

    private GenseeTimes times(String site) {
        return new GenseeTimes(settings.timeFormat(), hub.sites().get(site).genseeApi().timeZone());
    }

    private static void putName(ObjectNode record, JsonNode item) {
        JsonNode name = item.get("name");
        if (name != null && !name.isNull() && !name.asText().isBlank()) {
            record.put("name", name.asText().strip());
        }
    }

    private static Long uid(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.asText().trim();
        return !text.isEmpty() && text.length() <= 18 && text.chars().allMatch(Character::isDigit) ? Long.valueOf(text)
                : null;
    }

    private JsonNode array(String mapped) {
        try {
            JsonNode node = json.readTree(mapped);
            if (node == null || !node.isArray()) {
                throw new GenseeApiException("the mapping of routes/reconcile.yaml gave no JSON array: " + mapped);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new GenseeApiException("the mapping of routes/reconcile.yaml gave no JSON: " + e.getOriginalMessage());
        }
    }
}
