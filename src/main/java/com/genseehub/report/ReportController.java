package com.genseehub.report;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.genseehub.api.NotFoundException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/sessions/{site}/{classNo}/report}: JSON, or {@code ?format=csv|xlsx} with {@code ?lang=zh|en}. */
@RestController
@RequestMapping("/api")
public class ReportController {

    private final ClassReports reports;
    private final ReportProperties settings;

    public ReportController(ClassReports reports, ReportProperties settings) {
        this.reports = reports;
        this.settings = settings;
    }

    @GetMapping("/sessions/{site}/{classNo}/report")
    public ResponseEntity<?> report(@PathVariable String site, @PathVariable String classNo,
                                    @RequestParam(required = false) String format,
                                    @RequestParam(required = false) String lang) {
        ReportLanguage language = lang == null ? settings.language() : ReportLanguage.of(lang);
        String kind = format == null ? "json" : format.toLowerCase(Locale.ROOT);
        if (!kind.equals("json") && !kind.equals("csv") && !kind.equals("xlsx")) {
            throw new IllegalArgumentException("format must be json, csv or xlsx");
        }
        ClassReport report = reports.of(site, classNo)
                .orElseThrow(() -> new NotFoundException("no session " + classNo + " on site " + site));
        if (kind.equals("json")) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
        }
        ReportTable table = ReportTable.of(report, ReportLabels.of(language), settings.timeZone());
        String file = "report-" + site + "-" + classNo + "." + kind;
        HttpHeaders headers = new HttpHeaders();
        headers.setContentDisposition(ContentDisposition.attachment().filename(file, StandardCharsets.UTF_8).build());
        if (kind.equals("csv")) {
            return ResponseEntity.ok().headers(headers)
                    .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8)).body(ReportFiles.csv(table));
        }
        return ResponseEntity.ok().headers(headers).contentType(MediaType.parseMediaType(ReportFiles.XLSX_TYPE))
                .body(ReportFiles.xlsx(table, classNo));
    }
}
