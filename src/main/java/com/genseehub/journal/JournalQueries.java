package com.genseehub.journal;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads of the journal for the API, the dashboard, dispatch and sinks. */
@Repository
public class JournalQueries {

    private final JdbcClient jdbc;
    private final JournalTable table;

    public JournalQueries(JdbcClient jdbc, JournalTable table) {
        this.jdbc = jdbc;
        this.table = table;
    }

    /** The events with these sequence numbers, oldest first. */
    public List<CallbackEvent> events(Collection<Long> seqs) {
        return jdbc.sql("select * from journal_event where seq in (:seqs) order by seq")
                .param("seqs", seqs).query(table::event).list();
    }

    /** Which of these sequence numbers are events in the journal tables. */
    public Set<Long> stored(Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select seq from journal_event where seq in (:seqs)")
                .param("seqs", seqs).query(Long.class).list());
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
                .query(table::event).list();
    }

    /** Events of one kind of one class in order, for the lifecycle timeline and the online curve. */
    public List<CallbackEvent> ofClass(String site, CallbackKind kind, String classNo) {
        return jdbc.sql("select * from journal_event where site = ? and class_no = ? and kind = ? order by seq")
                .params(site, classNo, kind.id()).query(table::event).list();
    }

    /**
     * Events stored in the database. (The embedded database's journal writer keeps this count itself:
     * H2 counts a table by reading every row while another transaction writes.)
     */
    public long count() {
        return table.count();
    }
}
