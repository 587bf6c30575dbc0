package com.genseehub.api;

import java.util.List;
import java.util.stream.Collectors;

/** RFC 4180 CSV, with cells that a spreadsheet would run as a formula neutralised. */
public final class Csv {

    private Csv() {
    }

    public static String of(List<String> header, List<List<Object>> rows) {
        StringBuilder out = new StringBuilder();
        out.append(line(header));
        rows.forEach(row -> out.append(line(row)));
        return out.toString();
    }

    /** One line of cells, with its CRLF. */
    public static String line(List<?> cells) {
        return cells.stream().map(Csv::cell).collect(Collectors.joining(",")) + "\r\n";
    }

    /**
     * Text a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return)
     * with a leading {@code '}, so it is shown as text; other text as it is.
     */
    public static String neutralised(String text) {
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof Number ? value.toString() : neutralised(value.toString());
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
