package com.genseehub.report;

import java.util.Locale;

/** The language of report headers and labels: {@code zh} (Chinese) or {@code en} (English). */
public enum ReportLanguage {
    ZH, EN;

    /** {@code zh} / {@code en}, any case; anything else is refused. */
    public static ReportLanguage of(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lang must be zh or en");
        }
    }
}
