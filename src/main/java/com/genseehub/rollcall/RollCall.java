package com.genseehub.rollcall;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import com.genseehub.callback.CallbackEvent;
import com.genseehub.callback.CallbackKind;
import com.genseehub.callback.CallbackRequest;
import com.genseehub.pages.HtmlPage;
import com.genseehub.pages.PageParameters;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * The roll-call page (spec section 4): Gensee opens it in a web attendee's browser with {@code userid}
 * and {@code webcastid}. The visit is journaled (kind {@code rollcall}); the attendee sees a
 * confirmation page.
 */
@Component
public class RollCall {

    /** {@code hub.roll-call} in application.yaml. */
    @ConfigurationProperties("hub.roll-call")
    public record Settings(@DefaultValue("2m") Duration window,
                           @DefaultValue("签到成功") String title,
                           @DefaultValue("您已完成签到。") String message,
                           @DefaultValue("用户 {userid}，直播 {webcastid}，{time}") String details,
                           @DefaultValue("Asia/Shanghai") ZoneId timeZone) {
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Settings settings;

    public RollCall(Settings settings) {
        this.settings = settings;
    }

    /** {@code GET /gensee/{site}/rollcall?userid=&webcastid=} as a journal event. */
    public CallbackEvent visit(CallbackRequest request) {
        PageParameters query = PageParameters.of(request);
        long userId = query.userId("userid");
        String webcastId = query.webcastId("webcastid");
        return query.event(CallbackKind.ROLLCALL, webcastId, userId,
                Map.of("userid", Long.toString(userId), "webcastid", webcastId));
    }

    /** The confirmation page for a journaled visit. */
    public String page(CallbackEvent visit) {
        Map<String, String> values = Map.of("userid", visit.params().get("userid"),
                "webcastid", visit.classNo(), "time", TIME.format(visit.receivedAt().atZone(settings.timeZone())));
        return HtmlPage.render(settings.title(), values, settings.message(), settings.details());
    }
}
