package com.genseehub.journal;

/** The journal cannot take events now (e.g. the disk is nearly full): the callback is not stored. */
public class JournalUnavailableException extends RuntimeException {

    public JournalUnavailableException(String reason) {
        super(reason);
    }
}
