package com.genseehub.journal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import com.genseehub.callback.CallbackRequest;
import com.genseehub.callback.RejectedCallbackException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Refused requests, kept verbatim with the reason, so nothing Gensee sent is lost. */
@Component
public class Quarantine {

    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);
    static final int MAX_BODY_CHARS = 1_000_000;

    private final JdbcClient jdbc;
    private final Durability durability;

    public Quarantine(JdbcClient jdbc, Durability durability) {
        this.jdbc = jdbc;
        this.durability = durability;
    }

    public record Entry(long id, OffsetDateTime receivedAt, String site, String method, String path, String query,
                        String body, String remoteAddress, int status, String reason) {
    }

    public void keep(RejectedCallbackException rejection) {
        CallbackRequest request = rejection.request();
        log.info("Refused {} {} from {}: {} {}", request.method(), request.path(), request.remoteAddress(),
                rejection.status(), rejection.detail());
        jdbc.sql("""
                insert into quarantine (received_at, site, method, path, query, body, remote_address, status, reason)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(request.receivedAt().atOffset(ZoneOffset.UTC), truncate(request.site(), 100),
                        truncate(request.method(), 10), truncate(request.path(), 2000), request.query(),
                        truncate(request.body(), MAX_BODY_CHARS), request.remoteAddress(), rejection.status(),
                        truncate(rejection.detail(), 500))
                .update();
        durability.flush();
    }

    public List<Entry> newestFirst(int offset, int limit) {
        return jdbc.sql("select * from quarantine order by id desc offset ? rows fetch next ? rows only")
                .params(offset, limit)
                .query((rs, row) -> new Entry(rs.getLong("id"), rs.getObject("received_at", OffsetDateTime.class),
                        rs.getString("site"), rs.getString("method"), rs.getString("path"), rs.getString("query"),
                        rs.getString("body"), rs.getString("remote_address"), rs.getInt("status"),
                        rs.getString("reason")))
                .list();
    }

    public long count() {
        return jdbc.sql("select count(*) from quarantine").query(Long.class).single();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
