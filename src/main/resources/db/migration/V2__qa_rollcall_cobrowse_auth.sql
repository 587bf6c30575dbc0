-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 13+.

-- Q&A questions per (site, question id), from the client push (XML) or the web push (form).
-- Filled from the journal (kind 'qa'); a question pushed again updates its row.
create table qa_question (
    site        varchar(100) not null,
    id          varchar(100) not null,
    webcast_id  varchar(100) not null,
    source      varchar(10)  not null,
    uid         varchar(40)  not null,
    uname       varchar(200) not null,
    text        text         not null,
    asked_at    timestamp with time zone not null,
    primary key (site, id)
);
create index qa_question_webcast on qa_question (site, webcast_id, asked_at);

-- Answers per (site, answer id), each tied to the question it answers.
create table qa_answer (
    site         varchar(100) not null,
    id           varchar(100) not null,
    question_id  varchar(100) not null,
    webcast_id   varchar(100) not null,
    uid          varchar(40)  not null,
    uname        varchar(200) not null,
    text         text         not null,
    answered_at  timestamp with time zone not null,
    primary key (site, id)
);
create index qa_answer_question on qa_answer (site, question_id);

-- Roll-call check-ins: at most one per user and webcast within the roll-call window.
-- seq is the journal event that made it (so replaying the journal adds nothing).
create table rollcall_checkin (
    seq            bigint       primary key,
    site           varchar(100) not null,
    webcast_id     varchar(100) not null,
    userid         bigint       not null,
    checked_in_at  timestamp with time zone not null
);
create index rollcall_checkin_user on rollcall_checkin (site, webcast_id, userid, checked_in_at);

-- Co-browse drop-down links per (site, room); room '_default' is the site's fallback list.
create table cobrowse_link (
    site      varchar(100)  not null,
    room_id   varchar(100)  not null,
    position  integer       not null,
    name      varchar(200)  not null,
    url       varchar(2000) not null,
    primary key (site, room_id, position)
);

-- Single-use join tokens for third-party authentication. Only a SHA-256 hash of the token is kept.
create table join_token (
    token_hash  varchar(64)  primary key,
    uid         bigint       not null,
    site        varchar(100),
    created_at  timestamp with time zone not null,
    expires_at  timestamp with time zone not null,
    used_at     timestamp with time zone
);
