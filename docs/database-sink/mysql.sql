-- Tables of the lms-db sink (routes/sinks/lms-db.yaml) for MySQL 8 and MariaDB 10.5+.
-- Times are UTC. See docs/database-sink.md.

-- Every journaled event, once (a retried, replayed or rebuilt delivery updates its row).
create table gensee_event (
    seq          bigint       not null primary key,
    received_at  datetime(6)  not null,
    site         varchar(100) not null,
    kind         varchar(20)  not null,
    class_no     varchar(100),
    action       integer,
    operator     bigint,
    total_users  integer,
    params       mediumtext   not null
) character set utf8mb4;

-- One row per attendee of a class, written when the class stops (and updated if it runs again).
create table gensee_attendance (
    site            varchar(100) not null,
    class_no        varchar(100) not null,
    operator        bigint       not null,
    name            varchar(200),
    joins           integer      not null,
    seconds         bigint       not null,
    present_seconds bigint       not null,
    presence        decimal(5,4),
    qualified       boolean,
    abnormal_exits  integer      not null,
    closed_by_stop  integer      not null,
    first_join      datetime(6),
    last_leave      datetime(6),
    primary key (site, class_no, operator)
) character set utf8mb4;
