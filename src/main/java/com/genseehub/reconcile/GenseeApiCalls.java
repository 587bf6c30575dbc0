package com.genseehub.reconcile;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.genseehub.attendance.AttendanceStore;
import com.genseehub.attendance.ClassSession;
import com.genseehub.config.HubProperties;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The Java side of a call to Gensee's integration API, used by routes/reconcile.yaml (which holds the
 * calls' paths and parameter names): what the hub knows of the class or day to ask about, the site's
 * account, the form encoding, and whether the answer is a success.
 */
@Component
public class GenseeApiCalls {

    /** Exchange properties set by {@link #prepare}. */
    static final String BASE_URL = "genseeBaseUrl";
    static final String LOGIN_NAME = "genseeLoginName";
    static final String PASSWORD = "genseePassword";
    static final String SEC = "genseeSec";
    static final String PRODUCT = "genseeProduct";

    private final HubProperties hub;
    private final ReconcileProperties settings;
    private final AttendanceStore attendance;
    private final ObjectMapper json;
    private final Clock clock;

    public GenseeApiCalls(HubProperties hub, ReconcileProperties settings, AttendanceStore attendance,
                          ObjectMapper json, Clock clock) {
        this.hub = hub;
        this.settings = settings;
        this.attendance = attendance;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Sets the site's account and product as exchange properties and returns what there is to ask about:
     * for a class {@code {"classNo", "startTime", "endTime"}} (its time, with a margin, as Gensee writes
     * times, at most hub.reconcile.max-window long), for a VOD day {@code {"date"}}.
     */
    public ObjectNode prepare(ReconcileJob job, Exchange exchange) {
        HubProperties.Site site = hub.sites().get(job.site());
        HubProperties.GenseeApi api = site == null ? null : site.genseeApi();
        if (api == null) {
            throw new GenseeApiException("site " + job.site() + " has no hub.sites." + job.site() + ".gensee-api");
        }
        exchange.setProperty(BASE_URL, api.baseUrl().toString());
        exchange.setProperty(LOGIN_NAME, api.loginName());
        exchange.setProperty(PASSWORD, api.passwordMd5() ? md5Hex(api.password()) : api.password());
        exchange.setProperty(SEC, api.passwordMd5() ? "true" : "false");
        exchange.setProperty(PRODUCT, site.product().name().toLowerCase(Locale.ROOT));
        ObjectNode about = json.createObjectNode();
        if (job.vod()) {
            about.put("date", job.target());
            return about;
        }
        GenseeTimes times = new GenseeTimes(settings.timeFormat(), api.timeZone());
        Instant end = job.stoppedAt() == null ? clock.instant() : job.stoppedAt();
        Instant start = classStart(job.site(), job.target(), end);
        start = start.minus(settings.windowMargin());
        end = end.plus(settings.windowMargin());
        if (Duration.between(start, end).compareTo(settings.maxWindow()) > 0) {
            start = end.minus(settings.maxWindow());
        }
        about.put("classNo", job.target());
        about.put("startTime", times.format(start));
        about.put("endTime", times.format(end));
        return about;
    }

    /** The earliest the class is known to have begun: created, started or a user's first join. */
    private Instant classStart(String site, String classNo, Instant end) {
        Instant start = end;
        ClassSession session = attendance.session(site, classNo).orElse(null);
        if (session != null) {
            start = earliest(start, session.createdAt());
            start = earliest(start, session.startedAt());
        }
        for (AttendanceStore.ClassInterval interval : attendance.intervals(site, classNo)) {
            start = earliest(start, interval.interval().joinedAt());
        }
        return start;
    }

    private static Instant earliest(Instant a, Instant b) {
        return b != null && b.isBefore(a) ? b : a;
    }

    /** A JSON object of parameters as an application/x-www-form-urlencoded body (UTF-8). */
    public String form(JsonNode parameters) {
        StringJoiner body = new StringJoiner("&");
        Iterator<Map.Entry<String, JsonNode>> fields = parameters.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isNull()) {
                body.add(encode(field.getKey()) + "=" + encode(field.getValue().asText()));
            }
        }
        return body.toString();
    }

    /**
     * Passes when the answer's code is one of hub.reconcile.success-codes; otherwise a
     * {@link GenseeApiException} with the code and Gensee's message.
     */
    public void checkCode(String code, String message) {
        if (code == null || !settings.successCodes().contains(code)) {
            throw new GenseeApiException("Gensee answered code " + (code == null || code.isEmpty() ? "(none)" : code)
                    + (message == null || message.isBlank() ? "" : ": " + message));
        }
    }

    static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

}
