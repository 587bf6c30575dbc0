package com.genseehub.alert;

import java.util.List;

import com.genseehub.attendance.AttendanceStore;
import com.genseehub.attendance.Attendee;
import com.genseehub.attendance.ClassSession;
import com.genseehub.callback.CallbackEvent;
import com.genseehub.users.UserIds;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * The mail-alert sink's step (routes/sinks/mail-alert.yaml): turns one group of 110 deliveries into the
 * email camel-mail sends. Below {@code min-count} abnormal exits it leaves the message without a
 * recipient, and the route sends nothing.
 */
@Component
public class MailAlert {

    /** camel-mail sends this header as the text/plain alternative of the HTML body. */
    static final String ALTERNATIVE_BODY = "CamelMailAlternativeBody";

    private final MailAlertProperties settings;
    private final AttendanceStore attendance;
    private final UserIds userIds;

    public MailAlert(MailAlertProperties settings, AttendanceStore attendance, UserIds userIds) {
        this.settings = settings;
        this.attendance = attendance;
        this.userIds = userIds;
    }

    public void compose(Message message) {
        @SuppressWarnings("unchecked")
        List<CallbackEvent> events = message.getBody(List.class);
        if (events.size() < settings.minCount()) {
            message.setBody(null);
            return;
        }
        if (settings.to().isEmpty()) {
            throw new IllegalStateException("hub.sinks.mail-alert.to has no recipient");
        }
        CallbackEvent first = events.get(0);
        Integer online = attendance.session(first.site(), first.classNo()).map(ClassSession::currentUsers).orElse(null);
        List<Long> present = attendance.presentAttendees(first.site(), first.classNo()).stream()
                .map(Attendee::operator).toList();
        DigestMail.Mail mail = DigestMail.render(AbnormalExitDigest.of(events, online, present,
                        operator -> userIds.of(first.site(), operator)),
                settings.from(), settings.to(), settings.subject());
        message.setHeader("From", mail.from());
        message.setHeader("To", mail.to());
        message.setHeader("Subject", mail.subject());
        message.setHeader(ALTERNATIVE_BODY, mail.text());
        message.setBody(mail.html());
    }
}
