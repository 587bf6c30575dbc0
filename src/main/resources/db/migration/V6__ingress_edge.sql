-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 13+.

-- The quarantine keeps a refused request as received: the headers that say how to read its body and
-- the body bytes (up to hub.ingress.max-body-bytes; a sample for unknown sites). Rows from before keep
-- their body as text in "body". A replay through the ingress is recorded on the row.
alter table quarantine add column headers varchar(2000);
alter table quarantine add column raw_body bytea;
alter table quarantine add column replayed_at timestamp with time zone;
alter table quarantine add column replay_status integer;
alter table quarantine add column replay_result varchar(500);
create index quarantine_received on quarantine (received_at, id);

-- The key in the URLs of the pages attendees' browsers open (roll call, class end, co-browse), per
-- site, when application.yaml sets none: generated once, kept here, shared by every hub instance.
create table site_page_key (
    site      varchar(100) primary key,
    page_key  varchar(100) not null unique
);
