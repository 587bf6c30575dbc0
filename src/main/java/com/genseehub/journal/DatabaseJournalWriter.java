package com.genseehub.journal;

import java.util.List;

import com.genseehub.callback.CallbackEvent;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes events straight into the journal tables, the database numbering them (PostgreSQL: several
 * hub instances may write at once). Requests arriving while a commit is in progress are committed
 * together in the next transaction ({@link GroupCommit}): one disk flush for many callbacks.
 */
final class DatabaseJournalWriter implements JournalWriter {

    private final JournalTable table;
    private final TransactionTemplate transactions;
    private final GroupCommit<List<CallbackEvent>, List<CallbackEvent>> groupCommit;

    DatabaseJournalWriter(JournalTable table, TransactionTemplate transactions, int maxRequestsPerCommit) {
        this.table = table;
        this.transactions = transactions;
        this.groupCommit = new GroupCommit<>(this::writeTogether, maxRequestsPerCommit);
    }

    @Override
    public List<CallbackEvent> write(List<CallbackEvent> events) {
        return groupCommit.write(events);
    }

    private List<List<CallbackEvent>> writeTogether(List<List<CallbackEvent>> requests) {
        return transactions.execute(status -> requests.stream()
                .map(events -> events.stream().map(table::insert).toList()).toList());
    }
}
