package com.genseehub.attendance;

/**
 * Published (as a Spring application event) when the attendance figures of a class that has stopped
 * change afterwards, e.g. when reconciliation with Gensee's own record repaired them, so that anything
 * derived from them (the class summary) can be produced again.
 */
public record ClassFiguresChanged(String site, String classNo) {
}
