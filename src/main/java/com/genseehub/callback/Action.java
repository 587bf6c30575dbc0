package com.genseehub.callback;

import java.util.Arrays;
import java.util.Optional;

import com.genseehub.config.HubProperties.Site;

/** The Action codes of spec sections 2, 6 and 8. */
public enum Action {
    USER_ENTERED(101, CallbackKind.LIVE, true),
    CONFERENCE_CREATED(102, CallbackKind.LIVE, false),
    STARTED(103, CallbackKind.LIVE, false),
    PAUSED(104, CallbackKind.LIVE, false),
    STOPPED(105, CallbackKind.LIVE, false),
    RECORDING_PRODUCED(106, CallbackKind.LIVE, false),
    USER_LEFT(107, CallbackKind.LIVE, true),
    USER_LEFT_ABNORMALLY(110, CallbackKind.LIVE, true),
    PLAYBACK_STARTED(111, CallbackKind.VOD, true),
    PLAYBACK_ENDED(112, CallbackKind.VOD, true);

    private final int code;
    private final CallbackKind kind;
    private final boolean aboutAUser;

    Action(int code, CallbackKind kind, boolean aboutAUser) {
        this.code = code;
        this.kind = kind;
        this.aboutAUser = aboutAUser;
    }

    public int code() {
        return code;
    }

    public CallbackKind kind() {
        return kind;
    }

    /** True when the Operator is the user the event is about (not a system event with Operator 0). */
    public boolean aboutAUser() {
        return aboutAUser;
    }

    public static Optional<Action> ofCode(int code) {
        return Arrays.stream(values()).filter(a -> a.code == code).findFirst();
    }

    /** Whether Gensee sends this code for a site of this product and class type (spec section 8). */
    public boolean sentBy(Site site) {
        if (this == PAUSED && site.product() == Product.TRAINING) {
            return site.classType() == ClassType.LECTURE;
        }
        return true;
    }
}
