package com.genseehub.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.genseehub.api.Page;
import com.genseehub.callback.CallbackKind;
import com.genseehub.config.HubProperties;
import com.genseehub.journal.JournalQueries;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read API the dashboard needs beyond the foundation's: sites, online curve, timeline, summaries. */
@RestController
@RequestMapping("/api")
public class DashboardController {

    private final HubProperties properties;
    private final JournalQueries journal;
    private final DashboardQueries queries;

    public DashboardController(HubProperties properties, JournalQueries journal, DashboardQueries queries) {
        this.properties = properties;
        this.journal = journal;
        this.queries = queries;
    }

    /** A configured site; product and class type as written in application.yaml. */
    public record SiteView(String key, String product, String classType) {
    }

    /** One point of the online curve: the totalusernum a live event carried, and which event it was. */
    public record OnlinePoint(Instant at, int totalUsers, Integer action) {
    }

    @GetMapping("/sites")
    public List<SiteView> sites() {
        return properties.sites().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> new SiteView(e.getKey(), yamlName(e.getValue().product()),
                        e.getValue().classType() == null ? null : yamlName(e.getValue().classType())))
                .toList();
    }

    @GetMapping("/sessions/{site}/{classNo}/online")
    public List<OnlinePoint> online(@PathVariable String site, @PathVariable String classNo) {
        return journal.ofClass(site, CallbackKind.LIVE, classNo).stream()
                .filter(event -> event.totalUsers() != null)
                .map(event -> new OnlinePoint(event.receivedAt(), event.totalUsers(), event.action()))
                .toList();
    }

    @GetMapping("/sessions/{site}/{classNo}/timeline")
    public List<ClassTimeline.Entry> timeline(@PathVariable String site, @PathVariable String classNo) {
        return ClassTimeline.of(journal.ofClass(site, CallbackKind.LIVE, classNo));
    }

    /**
     * Classes stopped since the given instant (the dashboard sends the operator's local midnight), latest
     * first, with a class number starting with {@code classNo} when given.
     */
    @GetMapping("/sessions/ended")
    public Page<DashboardQueries.EndedClass> ended(@RequestParam(required = false) String site,
                                                  @RequestParam(required = false) String classNo,
                                                  @RequestParam Instant since,
                                                  @RequestParam(defaultValue = "0") int offset,
                                                  @RequestParam(defaultValue = Page.DEFAULT_LIMIT) int limit) {
        return Page.read(offset, limit, (from, count) -> queries.endedSince(site, classNo, since, from, count));
    }

    @GetMapping("/vod")
    public Page<DashboardQueries.Courseware> coursewares(@RequestParam(required = false) String site,
                                                         @RequestParam(defaultValue = "0") int offset,
                                                         @RequestParam(defaultValue = Page.DEFAULT_LIMIT) int limit) {
        return Page.read(offset, limit, (from, count) -> queries.coursewares(site, from, count));
    }

    /** WEBCAST -> webcast, SMALL_CLASS -> small-class: the spelling of application.yaml. */
    private static String yamlName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
