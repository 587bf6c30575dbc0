package com.genseehub.report;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.genseehub.attendance.AttendanceStore;
import com.genseehub.attendance.ClassSession;
import com.genseehub.attendance.SessionState;
import com.genseehub.config.HubProperties;
import com.genseehub.qa.QaStore;
import com.genseehub.rollcall.RollCallStore;
import org.springframework.stereotype.Component;

/** Computes the report of a class from the facts, as of now. */
@Component
public class ClassReports {

    private final AttendanceStore attendance;
    private final LiveTimeStore liveTime;
    private final IntervalSource intervals;
    private final QaStore qa;
    private final RollCallStore rollCall;
    private final HubProperties hub;
    private final Clock clock;

    public ClassReports(AttendanceStore attendance, LiveTimeStore liveTime, IntervalSource intervals, QaStore qa,
                        RollCallStore rollCall, HubProperties hub, Clock clock) {
        this.attendance = attendance;
        this.liveTime = liveTime;
        this.intervals = intervals;
        this.qa = qa;
        this.rollCall = rollCall;
        this.hub = hub;
        this.clock = clock;
    }

    /** The report, or empty when the hub has seen nothing of the class. */
    public Optional<ClassReport> of(String site, String classNo) {
        Optional<ClassSession> session = attendance.session(site, classNo);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        ClassSession s = session.get();
        List<QaStore.Question> questions = qa.questions(site, classNo);
        Map<Long, Integer> checkIns = new HashMap<>();
        rollCall.checkIns(site, classNo).forEach(c -> checkIns.merge(c.userid(), 1, Integer::sum));
        HubProperties.Site settings = hub.sites().get(site);
        return Optional.of(ClassReport.of(new ClassReport.Facts(site, classNo, s.state().name(),
                s.state() == SessionState.STOPPED ? s.stoppedAt() : null, s.peakUsers(), s.recordings(),
                liveTime.liveTime(site, classNo), intervals.attendees(site, classNo),
                settings == null ? null : settings.attendance(), questions.size(),
                questions.stream().mapToInt(q -> q.answers().size()).sum(), checkIns, clock.instant())));
    }
}
