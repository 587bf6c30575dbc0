package com.genseehub.quarantine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.callback.CallbackRequest;
import com.genseehub.callback.RejectedCallbackException;
import com.genseehub.disk.DiskGuard;
import com.genseehub.system.DurableWrite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Refused requests, kept as received with the reason (the {@code quarantine} table), so that nothing
 * Gensee sent is lost and any of it can be replayed once its cause is fixed.
 */
@Repository
public class Quarantine {

    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    static final String BODY_NOT_KEPT = " (body not kept: disk low)";

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final DiskGuard disk;

    public Quarantine(JdbcClient jdbc, ObjectMapper json, DiskGuard disk) {
        this.jdbc = jdbc;
        this.json = json;
        this.disk = disk;
    }

    /**
     * One kept request.
     *
     * @param body      the body as text (declared charset, else UTF-8)
     * @param bodyBytes how many body bytes are kept
     */
    public record Entry(long id, OffsetDateTime receivedAt, String site, String method, String path, String query,
                        Map<String, String> headers, String body, int bodyBytes, String remoteAddress, int status,
                        String reason, OffsetDateTime replayedAt, Integer replayStatus, String replayResult) {
    }

    /** Keeps a request a route refused; on disk when this returns. */
    @DurableWrite
    public void keep(RejectedCallbackException rejection) {
        insert(rejection);
    }

    /** Keeps a request the hub failed on (a fault of the hub): replayable once the fault is fixed. */
    @DurableWrite
    public void keepFailed(CallbackRequest request, Exception failure) {
        insert(new RejectedCallbackException(request, 500, "internal error",
                "internal error: " + failure.getClass().getSimpleName() + ": " + failure.getMessage()));
    }

    /** Keeps requests refused at the door (see {@link QuarantineWriter}); {@code durably}: on disk when this returns. */
    @DurableWrite
    public void keepAllDurably(List<RejectedCallbackException> rejections) {
        rejections.forEach(this::insert);
    }

    public void keepAll(List<RejectedCallbackException> rejections) {
        rejections.forEach(this::insert);
    }

    private void insert(RejectedCallbackException rejection) {
        CallbackRequest request = rejection.request();
        log.info("Refused {} {} from {}: {} {}", request.method(), request.path(), request.remoteAddress(),
                rejection.status(), rejection.detail());
        // below twice hub.disk.min-free the row is kept, its body (up to hub.ingress.max-body-bytes) is not
        boolean keepBody = disk.keepsBodies() || request.body() == null;
        String reason = keepBody ? rejection.detail() : truncate(rejection.detail(), 500 - BODY_NOT_KEPT.length()) + BODY_NOT_KEPT;
        jdbc.sql("""
                insert into quarantine (received_at, site, method, path, query, headers, raw_body, remote_address,
                                        status, reason)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(request.receivedAt().atOffset(ZoneOffset.UTC), truncate(request.site(), 100),
                        truncate(request.method(), 10), truncate(request.path(), 2000), request.query(),
                        truncate(toJson(request.headers()), 2000), keepBody ? request.body() : null,
                        truncate(request.remoteAddress(), 100), rejection.status(), truncate(reason, 500))
                .update();
    }

    public List<Entry> newestFirst(int offset, int limit) {
        return jdbc.sql("select * from quarantine order by id desc offset ? rows fetch next ? rows only")
                .params(offset, limit).query(this::entry).list();
    }

    public Optional<Entry> find(long id) {
        return jdbc.sql("select * from quarantine where id = ?").param(id).query(this::entry).optional();
    }

    /** The request as it was received, to send through the ingress again. */
    public Optional<CallbackRequest> request(long id) {
        return jdbc.sql("select * from quarantine where id = ?").param(id).query((rs, row) -> {
            byte[] body = rs.getBytes("raw_body");
            if (body == null && rs.getString("body") != null) {
                body = rs.getString("body").getBytes(StandardCharsets.UTF_8);
            }
            return new CallbackRequest(rs.getString("site"), rs.getString("method"), rs.getString("path"),
                    rs.getString("query"), fromJson(rs.getString("headers")), body, rs.getString("remote_address"),
                    rs.getObject("received_at", OffsetDateTime.class).toInstant());
        }).optional();
    }

    /** Ids of the rows not replayed yet, oldest first, of a site and with a reason containing the text (null: any). */
    public List<Long> notReplayed(String site, String reasonContains, int limit) {
        return jdbc.sql("""
                select id from quarantine
                where replayed_at is null
                  and (cast(? as varchar(100)) is null or site = ?)
                  and (cast(? as varchar(500)) is null or reason like ?)
                order by id fetch first ? rows only""")
                .params(site, site, reasonContains, reasonContains == null ? null : "%" + reasonContains + "%", limit)
                .query(Long.class).list();
    }

    /** Claims the row for a replay: false when it was replayed already (or is being replayed). */
    @DurableWrite
    public boolean claimForReplay(long id, Instant now) {
        return jdbc.sql("update quarantine set replayed_at = ? where id = ? and replayed_at is null")
                .params(now.atOffset(ZoneOffset.UTC), id).update() == 1;
    }

    /** Records what a replay came to; a refused replay gives the row back (it may be replayed again). */
    @DurableWrite
    public void recordReplay(long id, int status, String result) {
        jdbc.sql("""
                update quarantine set replay_status = ?, replay_result = ?,
                       replayed_at = case when ? = 200 then replayed_at else null end
                where id = ?""").params(status, truncate(result, 500), status, id).update();
    }

    public long count() {
        return jdbc.sql("select count(*) from quarantine").query(Long.class).single();
    }

    /** Deletes up to {@code limit} rows received before the time, oldest first; returns how many. */
    public int deleteReceivedBefore(Instant time, int limit) {
        return jdbc.sql("""
                delete from quarantine where id in (
                    select id from quarantine where received_at < ? order by received_at, id fetch first ? rows only)""")
                .params(time.atOffset(ZoneOffset.UTC), limit).update();
    }

    /** Deletes the oldest rows beyond the newest {@code keep}; returns how many. */
    public int deleteOldestBeyond(long keep) {
        Long newestToDelete = jdbc.sql("select id from quarantine order by id desc offset ? rows fetch next 1 rows only")
                .param(keep).query(Long.class).optional().orElse(null);
        return newestToDelete == null ? 0
                : jdbc.sql("delete from quarantine where id <= ?").param(newestToDelete).update();
    }

    private Entry entry(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Map<String, String> headers = fromJson(rs.getString("headers"));
        byte[] raw = rs.getBytes("raw_body");
        String body = raw == null ? rs.getString("body")
                : new CallbackRequest(null, null, null, null, headers, raw, null, null).bodyText();
        Integer replayStatus = rs.getObject("replay_status", Integer.class);
        return new Entry(rs.getLong("id"), rs.getObject("received_at", OffsetDateTime.class), rs.getString("site"),
                rs.getString("method"), rs.getString("path"), rs.getString("query"), headers, body,
                raw == null ? (body == null ? 0 : body.length()) : raw.length, rs.getString("remote_address"),
                rs.getInt("status"), rs.getString("reason"), rs.getObject("replayed_at", OffsetDateTime.class),
                replayStatus, rs.getString("replay_result"));
    }

    private String toJson(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> fromJson(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return json.readValue(text, HEADERS);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
