package com.genseehub.journal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The durable event store: every accepted callback, in the order received. */
@Component
public class Journal {

    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final DispatchSignal dispatchSignal;
    private final GroupCommit<List<CallbackEvent>, List<CallbackEvent>> groupCommit;

    public Journal(JdbcClient jdbc, TransactionTemplate transactions, ObjectMapper json, DispatchSignal dispatchSignal,
                   @Value("${hub.journal.max-requests-per-commit:256}") int maxRequestsPerCommit) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.dispatchSignal = dispatchSignal;
        // concurrent callbacks share a commit: measured in bench/, the commit is the journal's main cost
        this.groupCommit = new GroupCommit<>(requests -> transactions.execute(status -> requests.stream()
                .map(events -> events.stream().map(this::insert).toList()).toList()), maxRequestsPerCommit);
    }

    /** Commits the event (and its place in the dispatch queue); returns it with its sequence number. */
    public CallbackEvent append(CallbackEvent event) {
        return appendAll(List.of(event)).get(0);
    }

    /**
     * Commits all events of one request, in list order (all or none), possibly in one transaction
     * with other requests' events; returns them with their sequence numbers once committed.
     */
    public List<CallbackEvent> appendAll(List<CallbackEvent> events) {
        List<CallbackEvent> stored = groupCommit.write(events);
        dispatchSignal.wake();
        return stored;
    }

    private CallbackEvent insert(CallbackEvent event) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into journal_event (received_at, site, kind, class_no, action, operator, total_users, params)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(utc(event), event.site(), event.kind().id(), event.classNo(), event.action(),
                        event.operator(), event.totalUsers(), toJson(event.params()))
                .update(key, "seq");
        long sequence = key.getKey().longValue();
        jdbc.sql("insert into pending_dispatch (seq) values (?)").param(sequence).update();
        return event.withSeq(sequence);
    }

    /** Events not yet applied, oldest first. */
    public List<CallbackEvent> pending(int limit) {
        return jdbc.sql("""
                select j.* from journal_event j join pending_dispatch p on p.seq = j.seq
                order by p.seq fetch first ? rows only""")
                .param(limit).query(this::event).list();
    }

    public void markDispatched(long seq) {
        jdbc.sql("delete from pending_dispatch where seq = ?").param(seq).update();
    }

    /**
     * Takes the dispatch lock for the current transaction: dispatch workers (of every hub instance)
     * and a rebuild take turns through it.
     */
    public void lockDispatch() {
        jdbc.sql("select name from dispatch_lock where name = 'journal' for update").query(String.class).single();
    }

    public long count() {
        return jdbc.sql("select count(*) from journal_event").query(Long.class).single();
    }

    public long pendingCount() {
        return jdbc.sql("select count(*) from pending_dispatch").query(Long.class).single();
    }

    /** Queues the whole journal for dispatch again (after the facts were cleared). */
    public int requeueAll() {
        jdbc.sql("delete from pending_dispatch").update();
        return jdbc.sql("insert into pending_dispatch (seq) select seq from journal_event").update();
    }

    /** The events with these sequence numbers, oldest first. */
    public List<CallbackEvent> events(Collection<Long> seqs) {
        return jdbc.sql("select * from journal_event where seq in (:seqs) order by seq")
                .param("seqs", seqs).query(this::event).list();
    }

    /** Newest first, filtered by whichever of site, classNo and action is not null. */
    public List<CallbackEvent> find(String site, String classNo, Integer action, int offset, int limit) {
        return jdbc.sql("""
                select * from journal_event
                where (cast(? as varchar(100)) is null or site = ?)
                  and (cast(? as varchar(100)) is null or class_no = ?)
                  and (cast(? as integer) is null or action = ?)
                order by seq desc offset ? rows fetch next ? rows only""")
                .params(site, site, classNo, classNo, action, action, offset, limit)
                .query(this::event).list();
    }

    /** Live events of one class in order, for the lifecycle timeline and the online curve. */
    public List<CallbackEvent> ofClass(String site, CallbackKind kind, String classNo) {
        return jdbc.sql("select * from journal_event where site = ? and class_no = ? and kind = ? order by seq")
                .params(site, classNo, kind.id()).query(this::event).list();
    }

    private CallbackEvent event(ResultSet rs, int row) throws SQLException {
        Long operator = rs.getObject("operator") == null ? null : rs.getLong("operator");
        Integer action = rs.getObject("action") == null ? null : rs.getInt("action");
        Integer totalUsers = rs.getObject("total_users") == null ? null : rs.getInt("total_users");
        return new CallbackEvent(rs.getLong("seq"),
                rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                rs.getString("site"), CallbackKind.fromId(rs.getString("kind")), rs.getString("class_no"),
                action, operator, totalUsers, fromJson(rs.getString("params")));
    }

    private static OffsetDateTime utc(CallbackEvent event) {
        return event.receivedAt().atOffset(ZoneOffset.UTC);
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
