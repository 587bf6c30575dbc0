package com.genseehub.callback;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which Gensee callback an event came from. */
public enum CallbackKind {
    LIVE("live"),
    VOD("vod"),
    /** one question or answer of a Q&A push (client XML or web form) */
    QA("qa"),
    /** an attendee opened the roll-call page */
    ROLLCALL("rollcall"),
    /** a user closed the client and the class-end page opened */
    END("end"),
    /** not a callback: Gensee's own record of a class or a VOD day, fetched from its API (reconciliation) */
    EXPORT("export"),
    /** made by the hub, not Gensee: a class's summary is due (hub.report.delay after it stopped) */
    SUMMARY("summary");

    private final String id;

    CallbackKind(String id) {
        this.id = id;
    }

    /** The lower-case name used in URLs, the journal, the API and route files. */
    @JsonValue
    public String id() {
        return id;
    }

    public static CallbackKind fromId(String id) {
        for (CallbackKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown callback kind " + id);
    }
}
