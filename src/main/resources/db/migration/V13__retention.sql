-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 13+.

-- The daily retention job (docs/operations.md, "Retention and archives"): when it last ran, and which
-- hub instance runs it now. claimed_until: the end of that instance's lease (null: nobody runs it), so
-- that of several instances sharing the database one runs it at a time.
create table retention_run (
    name           varchar(50) primary key,
    last_run_at    timestamp with time zone not null,
    claimed_until  timestamp with time zone
);

-- The job deletes done deliveries delivered before the window, oldest first, in batches.
create index delivery_done on delivery (status, delivered_at, id);
