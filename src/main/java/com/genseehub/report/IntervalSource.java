package com.genseehub.report;

import java.util.List;

/**
 * Where the class report takes each attendee's presence intervals from. The hub's own source is the
 * callbacks ({@link CallbackIntervals}); a source that repairs them (e.g. from Gensee's own record)
 * replaces it as a {@code @Primary} bean.
 */
public interface IntervalSource {

    /** Every attendee of the class (users seen only leaving have no interval), by Operator. */
    List<AttendeeIntervals> attendees(String site, String classNo);
}
