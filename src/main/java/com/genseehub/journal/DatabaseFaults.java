package com.genseehub.journal;

import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a fault of the database (it cannot be reached, a lock or statement timed out, a transaction
 * could not be serialised: try again later) from a fault of what was asked of it (a bug, a value the
 * tables cannot hold: trying again changes nothing).
 */
@Component
public class DatabaseFaults {

    private final JdbcClient jdbc;

    public DatabaseFaults(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True when the failure, or anything that caused it, is the database's rather than the work's. */
    public boolean isDatabaseFault(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientDataAccessException
                    || cause instanceof RecoverableDataAccessException
                    || cause instanceof CannotGetJdbcConnectionException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof TransactionSystemException
                    || cause instanceof PessimisticLockingFailureException
                    || cause instanceof QueryTimeoutException
                    || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException
                    || isConnectionState(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** True when the database answers a trivial query now. */
    public boolean databaseAnswers() {
        try {
            jdbc.sql("select 1").query(Integer.class).single();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** SQLSTATE class 08 (connection exception), 40 (transaction rollback: deadlock, serialisation), 57P (PostgreSQL shutdown). */
    private static boolean isConnectionState(Throwable cause) {
        if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            return state.startsWith("08") || state.startsWith("40") || state.startsWith("57P");
        }
        return false;
    }
}
