package com.genseehub.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.journal.DispatchSignal;
import com.genseehub.journal.JournalProperties;
import com.genseehub.journal.JournalRetention;
import com.genseehub.journal.JournalTable;
import com.genseehub.journal.JournalWriter;
import com.genseehub.system.BackgroundThreads;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Everything the embedded H2 file database needs so that nothing acknowledged is lost when the hub
 * process dies. H2 keeps committed changes in memory and writes them to its file in the background
 * (about once a second); making it write on every commit would cost more than the rest of a callback.
 * So:
 * <ul>
 * <li>the journal's log is a spool file beside the database ({@link JournalSpool}): a callback is
 *     answered once it is appended there, and {@link SpoolLoader} moves it into the tables after;
 * <li>every {@code hub.journal.spool-checkpoint-interval} the spool file is closed, H2 is made to
 *     write everything ({@code CHECKPOINT}) once the loader is past it, and the closed files are
 *     deleted; at start-up whatever the tables lack is loaded from the spool;
 * <li>other writes acknowledged to someone ({@link com.genseehub.system.DurableWrite}) are followed
 *     by a checkpoint that concurrent callers share.
 * </ul>
 * On a database server none of this exists: a commit is durable there.
 */
public class EmbeddedH2 {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedH2.class);

    private final JournalSpool spool;
    private final SpooledJournalWriter writer;
    private final SpoolLoader loader;
    private final SharedFlush checkpoints;
    private final ScheduledExecutorService checkpointTimer;

    EmbeddedH2(JdbcClient jdbc, JournalTable table, TransactionTemplate transactions, DispatchSignal dispatchSignal,
               JournalProperties settings) {
        Path databaseFile = jdbc.sql("select database_path()").query(String.class).optional().map(Path::of)
                .orElseThrow(() -> new IllegalStateException("the embedded H2 database has no file"));
        // in KB (H2 keeps whole megabytes, at least one); set at every start, so application.yaml decides
        jdbc.sql("set cache_size " + settings.h2Cache().toKilobytes()).update();
        // with fsync, the database file is forced to the device too before spool files are deleted
        String checkpoint = settings.fsync() ? "checkpoint sync" : "checkpoint";
        this.checkpoints = new SharedFlush(() -> jdbc.sql(checkpoint).update());
        this.spool = new JournalSpool(databaseFile.resolveSibling(databaseFile.getFileName() + ".journal-spool"),
                settings.fsync());
        long stored = table.maxSeq();
        List<CallbackEvent> spooled = spool.readAll();
        long lastSpooled = spooled.isEmpty() ? 0 : spooled.get(spooled.size() - 1).seq();
        long missing = spooled.stream().filter(event -> event.seq() > stored).count();
        if (missing > 0) {
            log.warn("Loading {} acknowledged callbacks (seq {} to {}) from the journal spool {}: the database had not "
                    + "stored them when the hub stopped", missing, stored + 1, lastSpooled, spool.directory());
        }
        this.writer = new SpooledJournalWriter(spool, Math.max(stored, lastSpooled), settings.maxRequestsPerCommit(),
                this::wakeLoader, this::inTables);
        // counted here, before anything writes: counting a table while others write reads all of it on H2
        this.loader = new SpoolLoader(spool.new Tail(), table, transactions, new SpoolLoader.Loaded(stored, table.count()),
                writer::appendedUpTo, dispatchSignal::wake);
        loader.start();
        log.info("Journal spool: {} (the database is made to write its file every {}; see application.yaml)",
                spool.directory(), settings.spoolCheckpointInterval());
        this.checkpointTimer = Executors.newSingleThreadScheduledExecutor(
                BackgroundThreads.named("journal-spool-checkpoint"));
        long every = settings.spoolCheckpointInterval().toMillis();
        checkpointTimer.scheduleWithFixedDelay(this::checkpointQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    JournalWriter journalWriter() {
        return writer;
    }

    /** Makes every write committed so far survive a crash of the hub process. */
    void flush() {
        checkpoints.flush();
    }

    private void wakeLoader() {
        // called from the writer, which exists before the loader
        if (loader != null) {
            loader.wake();
        }
    }

    private SpoolLoader.Loaded inTables() {
        return loader.loaded();
    }

    /** Retention took events out of the journal tables. */
    @EventListener
    void journalEventsDeleted(JournalRetention.Deleted deleted) {
        loader.removed(deleted.events());
    }

    /** A clean stop loads what is left, makes the database write it and leaves no spool behind. */
    @PreDestroy
    void stop() throws InterruptedException {
        checkpointTimer.shutdownNow();
        boolean drained = loader.drainAndStop(30_000);
        try {
            if (drained) {
                checkpoint();
            }
        } catch (RuntimeException e) {
            drained = false;
        } finally {
            spool.close();
        }
        if (!drained) {
            log.info("Journal spool {} kept: it is loaded (and then deleted) at the next start", spool.directory());
        }
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (RuntimeException e) {
            log.warn("Journal spool checkpoint failed, will retry: {}", e.toString());
        }
    }

    /** Once the database has written everything in the closed spool files to disk, they can go. */
    private void checkpoint() {
        SpooledJournalWriter.Roll roll = writer.roll();
        if (loader.loadedUpTo() < roll.lastSeq()) {
            // the loader is still behind (a burst): those files stay until a later checkpoint
            return;
        }
        checkpoints.flush();
        spool.delete(roll.closedFiles());
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("close failed: {}", e.toString());
        }
    }

    /** For tests: the files of the spool now. */
    List<Path> spoolFiles() throws IOException {
        return spool.files();
    }
}
