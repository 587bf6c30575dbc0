package com.genseehub.system;

import java.util.regex.Pattern;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the hub runs on the embedded H2 file database (the default) or on a database server. What
 * the embedded database needs to keep acknowledged writes safe lives in {@code com.genseehub.embedded}
 * and exists only then.
 */
public final class EmbeddedDatabase {

    /** {@code jdbc:h2:file:...} or a bare path {@code jdbc:h2:./data/...}; not mem:, tcp:, ssl: and the like. */
    private static final Pattern H2_FILE = Pattern.compile("jdbc:h2:(file:|\\.|/|~|[A-Za-z]:\\\\).*");

    private EmbeddedDatabase() {
    }

    public static boolean isH2File(String jdbcUrl) {
        return jdbcUrl != null && H2_FILE.matcher(jdbcUrl).matches();
    }

    private static boolean isH2File(ConditionContext context) {
        return isH2File(context.getEnvironment().getProperty("spring.datasource.url"));
    }

    /** Matches when the datasource is an embedded H2 file database. */
    public static final class H2File implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return isH2File(context);
        }
    }

    /** Matches when it is not (a database server, or an in-memory database that has nothing to keep). */
    public static final class NotH2File implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !isH2File(context);
        }
    }
}
