package com.genseehub.journal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * The journal's rows: {@code journal_event} and the event's place in the dispatch queue
 * ({@code pending_dispatch}). The one place that knows their columns.
 */
@Component
public class JournalTable {

    /** journal_event's columns but seq, in the order of {@link #columnValues}. */
    private static final String COLUMNS = "received_at, site, kind, class_no, action, operator, total_users, params";
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final ObjectMapper json;

    public JournalTable(JdbcClient jdbc, JdbcTemplate batches, ObjectMapper json) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.json = json;
    }

    /** Inserts the event with a sequence number the database gives it, queued for dispatch; returns it numbered. */
    public CallbackEvent insert(CallbackEvent event) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("insert into journal_event (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(columnValues(event)).update(key, "seq");
        long sequence = key.getKey().longValue();
        jdbc.sql("insert into pending_dispatch (seq) values (?)").param(sequence).update();
        return event.withSeq(sequence);
    }

    /** Inserts events that already carry their sequence numbers, queued for dispatch, as two batches. */
    public void insertNumbered(List<CallbackEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(events.size());
        List<Object[]> queue = new ArrayList<>(events.size());
        for (CallbackEvent event : events) {
            Object[] values = columnValues(event);
            Object[] row = new Object[values.length + 1];
            row[0] = event.seq();
            System.arraycopy(values, 0, row, 1, values.length);
            rows.add(row);
            queue.add(new Object[] {event.seq()});
        }
        batch("insert into journal_event (seq, " + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        batch("insert into pending_dispatch (seq) values (?)", queue);
    }

    /** The highest sequence number stored, 0 for an empty journal. */
    public long maxSeq() {
        return jdbc.sql("select coalesce(max(seq), 0) from journal_event").query(Long.class).single();
    }

    CallbackEvent event(ResultSet rs, int row) throws SQLException {
        Long operator = rs.getObject("operator") == null ? null : rs.getLong("operator");
        Integer action = rs.getObject("action") == null ? null : rs.getInt("action");
        Integer totalUsers = rs.getObject("total_users") == null ? null : rs.getInt("total_users");
        return new CallbackEvent(rs.getLong("seq"),
                rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                rs.getString("site"), CallbackKind.fromId(rs.getString("kind")), rs.getString("class_no"),
                action, operator, totalUsers, fromJson(rs.getString("params")));
    }

    private void batch(String sql, List<Object[]> rows) {
        batches.batchUpdate(sql, rows);
    }

    private Object[] columnValues(CallbackEvent event) {
        return new Object[] {event.receivedAt().atOffset(ZoneOffset.UTC), event.site(), event.kind().id(),
                event.classNo(), event.action(), event.operator(), event.totalUsers(), toJson(event.params())};
    }

    private String toJson(Map<String, String> params) {
        try {
            return json.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> fromJson(String text) {
        try {
            return json.readValue(text, PARAMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("journal params are not JSON: " + e.getMessage(), e);
        }
    }

}
