package com.genseehub.rollcall;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import com.genseehub.callback.CallbackEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Check-ins, filled from journal events of kind {@code rollcall} (routes/dispatch.yaml): a visit counts
 * as a check-in unless the same user already checked in for the same webcast within the roll-call
 * window before it (the page reloaded, opened twice). Replaying the journal adds nothing.
 */
@Repository
public class RollCallStore {

    public record CheckIn(String site, String webcastId, long userid, Instant checkedInAt) {
    }

    private final JdbcClient jdbc;
    private final RollCall.Settings settings;

    public RollCallStore(JdbcClient jdbc, RollCall.Settings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    public void checkIn(CallbackEvent visit) {
        OffsetDateTime at = visit.receivedAt().atOffset(ZoneOffset.UTC);
        long recent = jdbc.sql("""
                select count(*) from rollcall_checkin
                where seq = ? or (site = ? and webcast_id = ? and userid = ? and checked_in_at > ? and checked_in_at <= ?)""")
                .params(visit.seq(), visit.site(), visit.classNo(), visit.operator(), at.minus(settings.window()), at)
                .query(Long.class).single();
        if (recent == 0) {
            jdbc.sql("insert into rollcall_checkin (seq, site, webcast_id, userid, checked_in_at) values (?, ?, ?, ?, ?)")
                    .params(visit.seq(), visit.site(), visit.classNo(), visit.operator(), at)
                    .update();
        }
    }

    /** Check-ins of a site (and webcast, when given), newest first. */
    public List<CheckIn> checkIns(String site, String webcastId) {
        return checkIns(site, webcastId, 0, Integer.MAX_VALUE);
    }

    /** {@code count} check-ins from {@code offset} of a site (and webcast, when given), newest first. */
    public List<CheckIn> checkIns(String site, String webcastId, int offset, int count) {
        return jdbc.sql("""
                select * from rollcall_checkin where site = ? and (cast(? as varchar(100)) is null or webcast_id = ?)
                order by checked_in_at desc, seq desc offset ? rows fetch next ? rows only""")
                .params(site, webcastId, webcastId, offset, count)
                .query((rs, row) -> new CheckIn(rs.getString("site"), rs.getString("webcast_id"), rs.getLong("userid"),
                        rs.getObject("checked_in_at", OffsetDateTime.class).toInstant()))
                .list();
    }
}
