package com.genseehub.retention;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.springframework.scheduling.support.CronExpression;

/** When the retention job is due: the first time the cron expression names after the last run. */
public final class RetentionSchedule {

    /** The schedule that never runs by itself. */
    public static final String NEVER = "-";

    private final CronExpression cron;
    private final ZoneId zone;

    public RetentionSchedule(String expression, ZoneId zone) {
        this.cron = NEVER.equals(expression.trim()) ? null : CronExpression.parse(expression.trim());
        this.zone = zone;
    }

    /** True when a scheduled time lies after {@code lastRun} and not after {@code now}. */
    public boolean due(Instant lastRun, Instant now) {
        if (cron == null) {
            return false;
        }
        ZonedDateTime next = cron.next(lastRun.atZone(zone));
        return next != null && !next.toInstant().isAfter(now);
    }
}
