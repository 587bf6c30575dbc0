package com.genseehub.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import com.genseehub.config.HubProperties.AttendanceRule;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** CSV and XLSX of a report: formula-looking text is neutralised, times are in the report's zone. */
class ReportFilesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static ClassReport report(String name, AttendanceRule rule) {
        ClassLiveTime live = ClassLiveTime.none().start(T0).stop(T0.plusSeconds(3600));
        List<AttendeeIntervals> attendees = List.of(
                new AttendeeIntervals(1_000_000_101L, name, List.of(
                        new PresenceInterval(T0.plusSeconds(600), T0.plusSeconds(1800), PresenceInterval.End.ABNORMAL),
                        new PresenceInterval(T0.plusSeconds(1900), T0.plusSeconds(3600),
                                PresenceInterval.End.CLOSED_BY_STOP))),
                new AttendeeIntervals(1_000_000_102L, null, List.of()));
        return ClassReport.of(new ClassReport.Facts("demo", "C1", "STOPPED", T0.plusSeconds(3600), 2, 1, live,
                attendees, rule, 3, 2, Map.of(1_000_000_101L, 1), T0.plusSeconds(4000)));
    }

    @Test
    void formulaLookingTextIsNeutralisedInTheCsv() {
        ReportTable table = ReportTable.of(report("=HYPERLINK(\"http://evil\",\"x\")", null),
                ReportLabels.of(ReportLanguage.EN), SHANGHAI);
        String[] lines = ReportFiles.csv(table).split("\r\n");
        assertThat(lines[0]).isEqualTo("User id,Name,Time present,Presence,Intervals,Abnormal exits,"
                + "Roll-call check-ins,First join,Last leave,Present");
        // 08:10:00-08:30:00 and 08:31:40-09:00:00 Shanghai time; present 20 + 28:20 min of 60
        assertThat(lines[1]).isEqualTo("1000000101,\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",0:48:20,80.6%,2,1,1,"
                + "2026-03-02 08:10:00,2026-03-02 09:00:00,"
                + "08:10:00–08:30:00 (abnormal exit); 08:31:40–09:00:00 (closed by stop)");
        assertThat(lines[2]).isEqualTo("1000000102,,0:00:00,0.0%,0,0,0,,,");
    }

    @Test
    void formulaLookingTextIsTextInTheWorkbookAndTheRuleAddsAQualifiedColumn() throws IOException {
        ReportTable table = ReportTable.of(report("@SUM(A1:A9)", new AttendanceRule(0.8, null)),
                ReportLabels.of(ReportLanguage.ZH), SHANGHAI);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(ReportFiles.xlsx(table, "C1")))) {
            Sheet sheet = workbook.getSheet("C1");
            int header = table.figures().size() + 1;
            Row titles = sheet.getRow(header);
            assertThat(titles.getCell(1).getStringCellValue()).isEqualTo("姓名");
            assertThat(titles.getCell(4).getStringCellValue()).isEqualTo("达标");
            Row anna = sheet.getRow(header + 1);
            Cell name = anna.getCell(1);
            assertThat(name.getCellType()).isEqualTo(CellType.STRING);
            assertThat(name.getStringCellValue()).isEqualTo("'@SUM(A1:A9)");
            assertThat(anna.getCell(3).getNumericCellValue()).isEqualTo(0.8056);
            assertThat(anna.getCell(4).getStringCellValue()).isEqualTo("是");
            assertThat(sheet.getRow(header + 2).getCell(4).getStringCellValue()).isEqualTo("否");
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("站点");
        }
    }
}
