package com.genseehub.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a write that is acknowledged to someone (an admin change, a minted token, a quarantined
 * request) and so must survive a crash of the hub once the method returns. A database server commits
 * durably anyway; the embedded database writes its file in the background, so there the method is
 * followed by a checkpoint (shared with concurrent callers; see {@code com.genseehub.embedded}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DurableWrite {
}
