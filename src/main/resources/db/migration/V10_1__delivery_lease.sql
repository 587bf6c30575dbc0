-- A delivery is leased while a sink works on it, instead of row-locked for the whole send: a worker
-- claims it in a short transaction (status 'sending', next_attempt_at = the end of the lease), calls
-- the sink holding no connection, and records the result in a second short transaction. A lease that
-- ran out (the instance died mid-send) makes the delivery due again; the due index covers it as it
-- covers pending and failed rows.
-- lease_token: the claim that holds the lease; a result is recorded only by that claim, so a worker
-- whose lease ran out and was taken over records nothing.
alter table delivery add column lease_token varchar(36);
