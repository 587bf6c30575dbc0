package com.genseehub.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import com.genseehub.api.Csv;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The report as CSV (the attendee table) and as an XLSX workbook (one sheet for the class: its figures,
 * then the attendee table). Text a spreadsheet would run as a formula is neutralised in both, as in
 * every CSV of the hub; presence is a percentage cell and times present are duration cells.
 */
public final class ReportFiles {

    public static final String XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final double SECONDS_PER_DAY = 86_400;

    private ReportFiles() {
    }

    public static String csv(ReportTable table) {
        return Csv.of(table.header(), table.rows().stream()
                .map(row -> row.stream().map(ReportFiles::csvValue).toList()).toList());
    }

    private static Object csvValue(ReportTable.Cell cell) {
        return cell.kind() == ReportTable.Kind.NUMBER ? cell.value() : cell.value() == null ? null : cell.text();
    }

    public static byte[] xlsx(ReportTable table, String sheetName) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Styles styles = new Styles(workbook);
            Sheet sheet = workbook.createSheet(WorkbookUtil.createSafeSheetName(sheetName));
            int r = 0;
            for (ReportTable.Line line : table.figures()) {
                Row row = sheet.createRow(r++);
                Cell label = row.createCell(0);
                label.setCellValue(line.label());
                label.setCellStyle(styles.bold);
                write(row.createCell(1), line.value(), styles);
            }
            r++;
            Row header = sheet.createRow(r++);
            for (int c = 0; c < table.header().size(); c++) {
                Cell cell = header.createCell(c);
                cell.setCellValue(table.header().get(c));
                cell.setCellStyle(styles.header);
            }
            for (List<ReportTable.Cell> values : table.rows()) {
                Row row = sheet.createRow(r++);
                for (int c = 0; c < values.size(); c++) {
                    write(row.createCell(c), values.get(c), styles);
                }
            }
            sheet.createFreezePane(0, table.figures().size() + 2);
            for (int c = 0; c < table.header().size(); c++) {
                sheet.autoSizeColumn(c);
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Cell cell, ReportTable.Cell value, Styles styles) {
        if (value.value() == null) {
            cell.setBlank();
            return;
        }
        switch (value.kind()) {
            case NUMBER -> {
                cell.setCellValue(((Number) value.value()).doubleValue());
                cell.setCellStyle(styles.number);
            }
            case PERCENT -> {
                cell.setCellValue((Double) value.value());
                cell.setCellStyle(styles.percent);
            }
            case DURATION -> {
                cell.setCellValue((Long) value.value() / SECONDS_PER_DAY);
                cell.setCellStyle(styles.duration);
            }
            case TEXT -> cell.setCellValue(Csv.neutralised((String) value.value()));
        }
    }

    private static final class Styles {
        final CellStyle bold;
        final CellStyle header;
        final CellStyle number;
        final CellStyle percent;
        final CellStyle duration;

        Styles(XSSFWorkbook workbook) {
            Font boldFont = workbook.createFont();
            boldFont.setBold(true);
            bold = workbook.createCellStyle();
            bold.setFont(boldFont);
            header = workbook.createCellStyle();
            header.setFont(boldFont);
            header.setBorderBottom(BorderStyle.THIN);
            number = format(workbook, "0");
            percent = format(workbook, "0.0%");
            duration = format(workbook, "[h]:mm:ss");
        }

        private static CellStyle format(XSSFWorkbook workbook, String format) {
            CellStyle style = workbook.createCellStyle();
            style.setDataFormat(workbook.createDataFormat().getFormat(format));
            return style;
        }
    }
}
