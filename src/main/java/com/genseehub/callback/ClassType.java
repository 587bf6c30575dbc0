package com.genseehub.callback;

/** Class types of a training site (spec section 8). */
public enum ClassType {
    /** 大讲堂: same codes as a webcast */
    LECTURE,
    /** 小班课: 101, 102 and 103 together, no 104 */
    SMALL_CLASS,
    /** 私教课: as small class, without web attendees */
    PRIVATE
}
