-- Journaled events the dispatch worker could not apply (a bug or a fact the tables cannot hold).
-- They stay in the journal; the worker moves on. A rebuild retries them.
create table dispatch_failure (
    seq       bigint primary key references journal_event (seq),
    failed_at timestamp with time zone not null,
    error     varchar(1000) not null
);
