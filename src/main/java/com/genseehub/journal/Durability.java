package com.genseehub.journal;

import java.nio.file.Path;
import java.sql.DatabaseMetaData;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * What it takes for a committed write to survive a crash of the hub process.
 *
 * <p>PostgreSQL: nothing, a commit is durable. Embedded H2 (a file database) keeps committed changes in
 * memory and writes them to its file in the background, every 500 ms (its {@code WRITE_DELAY}); making
 * it write on every commit costs more than the whole rest of a callback. So the journal spools events
 * to a file of its own before acknowledging them ({@link JournalSpool}), and the few other writes that
 * are acknowledged to someone (quarantine, admin changes, redeemed join tokens) call {@link #flush()}.
 */
@Component
public class Durability {

    private final Path embeddedDatabaseFile;
    private final SharedFlush checkpoints;

    public Durability(JdbcClient jdbc, DataSource dataSource) throws MetaDataAccessException {
        String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        // an in-memory H2 database has no path (and nothing to lose that a spool could save)
        this.embeddedDatabaseFile = "H2".equals(product)
                ? jdbc.sql("select database_path()").query(String.class).optional().map(Path::of).orElse(null)
                : null;
        this.checkpoints = new SharedFlush(() -> jdbc.sql("checkpoint").update());
    }

    /** Makes every write committed so far survive a crash of the hub process (callers at the same time share one). */
    public void flush() {
        if (embeddedDatabaseFile != null) {
            checkpoints.flush();
        }
    }

    /** Where the journal spools events before acknowledging them: beside the embedded database file, if there is one. */
    Optional<Path> journalSpoolDirectory() {
        return Optional.ofNullable(embeddedDatabaseFile)
                .map(file -> file.resolveSibling(file.getFileName() + ".journal-spool"));
    }
}
