package com.genseehub.journal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    /** journal_event's columns but seq, in the order {@link #setColumns} sets them. */
    private static final String COLUMNS = "received_at, site, kind, class_no, action, operator, total_users, params";
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JdbcTemplate statements;
    private final ObjectMapper json;

    public JournalTable(JdbcClient jdbc, JdbcTemplate statements, ObjectMapper json) {
        this.jdbc = jdbc;
        this.statements = statements;
        this.json = json;
    }

    /** Inserts the event with a sequence number the database gives it, queued for dispatch; returns it numbered. */
    public CallbackEvent insert(CallbackEvent event) {
        KeyHolder key = new GeneratedKeyHolder();
        statements.update(connection -> {
            PreparedStatement statement = connection.prepareStatement(
                    "insert into journal_event (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"seq"});
            setColumns(statement, 1, event);
            return statement;
        }, key);
        long sequence = key.getKey().longValue();
        jdbc.sql("insert into pending_dispatch (seq) values (?)").param(sequence).update();
        return event.withSeq(sequence);
    }

    /** Inserts events that already carry their sequence numbers, queued for dispatch, as two batches. */
    public void insertNumbered(List<CallbackEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        statements.batchUpdate("insert into journal_event (seq, " + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)", events,
                events.size(), (statement, event) -> {
                    statement.setLong(1, event.seq());
                    setColumns(statement, 2, event);
                });
        statements.batchUpdate("insert into pending_dispatch (seq) values (?)", events, events.size(),
                (statement, event) -> statement.setLong(1, event.seq()));
    }

    /**
     * Sets {@link #COLUMNS} from parameter {@code first} on. Typed setters: Spring's untyped parameters
     * look every null's type up in the statement's metadata.
     */
    private void setColumns(PreparedStatement statement, int first, CallbackEvent event) throws SQLException {
        statement.setObject(first, event.receivedAt().atOffset(ZoneOffset.UTC));
        statement.setString(first + 1, event.site());
        statement.setString(first + 2, event.kind().id());
        statement.setString(first + 3, event.classNo());
        setNullable(statement, first + 4, event.action(), Types.INTEGER);
        setNullable(statement, first + 5, event.operator(), Types.BIGINT);
        setNullable(statement, first + 6, event.totalUsers(), Types.INTEGER);
        statement.setString(first + 7, toJson(event.params()));
    }

    private static void setNullable(PreparedStatement statement, int index, Number value, int sqlType) throws SQLException {
        if (value == null) {
            statement.setNull(index, sqlType);
        } else {
            statement.setObject(index, value, sqlType);
        }
    }

    /** Events in the table (on H2 a walk of every row while another transaction writes). */
    public long count() {
        return jdbc.sql("select count(*) from journal_event").query(Long.class).single();
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
