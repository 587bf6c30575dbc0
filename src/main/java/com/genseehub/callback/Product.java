package com.genseehub.callback;

/** The two kinds of Gensee site. */
public enum Product {
    /** 直播 */
    WEBCAST,
    /** 教育 */
    TRAINING
}
