package com.genseehub.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.genseehub.callback.CallbackEvent;

/**
 * What one alert email says: the abnormal exits (110) of one class within one window.
 *
 * @param site          site key
 * @param classNo       ClassNo
 * @param from          the first abnormal exit
 * @param to            the last one
 * @param exits         how many 110 events
 * @param users         who dropped, in order of their first drop
 * @param stillOnline   users online now as Gensee last reported (totalusernum), null when unknown
 * @param backOnline    how many of the dropped users have joined again since
 */
public record AbnormalExitDigest(String site, String classNo, Instant from, Instant to, int exits,
                                 List<DroppedUser> users, Integer stillOnline, int backOnline) {

    /**
     * One user who dropped: how often, when last, and whether they are back; {@code userId} the
     * integrator's id (Operator - hub.sites.&lt;key&gt;.uid-offset), null without one.
     */
    public record DroppedUser(long operator, Long userId, int drops, Instant lastDrop, boolean back) {
    }

    /**
     * @param events      the 110 events of one class, oldest first
     * @param stillOnline the class's current online count, null when unknown
     * @param present     operators with an open presence interval now
     * @param userIds     the integrator's user id of an Operator, or null
     */
    public static AbnormalExitDigest of(List<CallbackEvent> events, Integer stillOnline, Collection<Long> present,
                                        Function<Long, Long> userIds) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a digest needs at least one abnormal exit");
        }
        Set<Long> online = Set.copyOf(present);
        Map<Long, List<Instant>> drops = new LinkedHashMap<>();
        for (CallbackEvent event : events) {
            if (event.hasUser()) {
                drops.computeIfAbsent(event.operator(), operator -> new ArrayList<>()).add(event.receivedAt());
            }
        }
        List<DroppedUser> users = new ArrayList<>();
        drops.forEach((operator, times) -> users.add(
                new DroppedUser(operator, userIds.apply(operator), times.size(), times.get(times.size() - 1),
                        online.contains(operator))));
        CallbackEvent first = events.get(0);
        return new AbnormalExitDigest(first.site(), first.classNo(), first.receivedAt(),
                events.get(events.size() - 1).receivedAt(), events.size(), List.copyOf(users), stillOnline,
                (int) users.stream().filter(DroppedUser::back).count());
    }
}
