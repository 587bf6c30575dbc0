package com.genseehub.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.genseehub.attendance.AttendanceStore;
import com.genseehub.attendance.Attendee;
import org.springframework.stereotype.Component;

/** The presence intervals the callbacks gave (101 to 107 / 110 / 105), and the one still open. Names are unknown here. */
@Component
public class CallbackIntervals implements IntervalSource {

    private final AttendanceStore attendance;

    public CallbackIntervals(AttendanceStore attendance) {
        this.attendance = attendance;
    }

    @Override
    public List<AttendeeIntervals> attendees(String site, String classNo) {
        Map<Long, List<Attendee.Interval>> closed = attendance.intervalsByOperator(site, classNo);
        return attendance.attendees(site, classNo).stream().map(attendee -> {
            List<PresenceInterval> intervals = new ArrayList<>();
            closed.getOrDefault(attendee.operator(), List.of()).forEach(interval -> intervals.add(
                    new PresenceInterval(interval.joinedAt(), interval.leftAt(), end(interval.endedBy()))));
            if (attendee.present()) {
                intervals.add(PresenceInterval.open(attendee.openSince()));
            }
            return new AttendeeIntervals(attendee.operator(), null, intervals);
        }).toList();
    }

    public static PresenceInterval.End end(Attendee.Exit exit) {
        return switch (exit) {
            case LEFT -> PresenceInterval.End.NORMAL;
            case ABNORMAL -> PresenceInterval.End.ABNORMAL;
            case CLASS_STOPPED -> PresenceInterval.End.CLOSED_BY_STOP;
        };
    }
}
