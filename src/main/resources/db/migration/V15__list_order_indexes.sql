-- The orders the API lists classes in, so a page of the latest classes reads only that page:
-- GET /api/sessions (most recently active first) and GET /api/sessions/ended (latest stop first).
create index class_session_recent on class_session (last_event_at, site, class_no);
create index class_session_stopped on class_session (stopped_at, site, class_no);
