-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 13+.

-- The live time of a class: one row per span from a start (103) to the pause (104) or stop (105)
-- that ended it; ended_at and ended_by are null while the span is live. A fact: derived from the
-- journal (routes/dispatch.yaml), cleared and derived again by POST /api/admin/rebuild, and kept
-- when old journal events are archived.
create table class_live_span (
    site        varchar(100) not null,
    class_no    varchar(100) not null,
    span_no     integer      not null,
    started_at  timestamp with time zone not null,
    ended_at    timestamp with time zone,
    ended_by    varchar(10),
    primary key (site, class_no, span_no)
);

-- When the next class.summary of a class is due, and what the last one said. Not a fact: a rebuild
-- keeps it (like the delivery table), so replaying the journal journals no summary a second time.
-- run:           the stop the summary follows (1 = the class's first stop)
-- generation:    summaries scheduled for the class so far; the summary event carries it
-- reason:        stopped | figures-changed
-- due_at:        when the next summary is journaled; null when none is due
-- claimed_until: a hub instance is journaling it (others leave it alone until then)
-- sent_seq:      the journal seq of the last summary journaled
-- sent_figures:  a digest of that summary's figures (a change to the same figures sends nothing)
create table class_summary (
    site           varchar(100) not null,
    class_no       varchar(100) not null,
    run            integer      not null,
    generation     integer      not null,
    reason         varchar(20)  not null,
    due_at         timestamp with time zone,
    claimed_until  timestamp with time zone,
    sent_seq       bigint,
    sent_figures   varchar(64),
    primary key (site, class_no)
);
create index class_summary_due on class_summary (due_at);
