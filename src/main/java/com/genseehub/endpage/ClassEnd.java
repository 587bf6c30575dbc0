package com.genseehub.endpage;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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
 * The class-end page (spec section 5): Gensee opens it with {@code userid}, {@code confid} and
 * {@code username} when a user closes the client. The visit is journaled (kind {@code end}); the user
 * then sees a thank-you page, or is redirected to the survey URL configured for the site. The target
 * comes only from configuration, never from the request, so there is no open redirect.
 */
@Component
public class ClassEnd {

    /** {@code hub.end-page} in application.yaml. */
    @ConfigurationProperties("hub.end-page")
    public record Settings(Map<String, URI> surveyUrls,
                           @DefaultValue("感谢参加") String title,
                           @DefaultValue("{username}，感谢您参加本次课程！") String message) {
        public Settings {
            surveyUrls = surveyUrls == null ? Map.of() : Map.copyOf(surveyUrls);
            surveyUrls.forEach((site, url) -> {
                if (!url.isAbsolute() || url.getHost() == null || url.getRawFragment() != null
                        || !(url.getScheme().equals("https") || url.getScheme().equals("http"))) {
                    throw new IllegalArgumentException("hub.end-page.survey-urls." + site
                            + " must be an absolute http(s) URL without #fragment");
                }
            });
        }
    }

    static final int MAX_USERNAME = 100;

    private final Settings settings;

    public ClassEnd(Settings settings) {
        this.settings = settings;
    }

    /** {@code GET /gensee/{site}/end?userid=&confid=&username=} as a journal event. */
    public CallbackEvent visit(CallbackRequest request) {
        PageParameters query = PageParameters.of(request);
        long userId = query.userId("userid");
        String confId = query.webcastId("confid");
        String username = query.text("username", MAX_USERNAME);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("userid", Long.toString(userId));
        params.put("confid", confId);
        params.put("username", username);
        return query.event(CallbackKind.END, confId, userId, params);
    }

    /**
     * The configured survey URL of the visit's site with userid, confid and username appended, or null
     * when the site has none (then the thank-you page is shown).
     */
    public String surveyLocation(CallbackEvent visit) {
        URI survey = settings.surveyUrls().get(visit.site());
        if (survey == null) {
            return null;
        }
        String base = survey.toString();
        String separator = survey.getRawQuery() == null ? "?" : "&";
        return base + separator + "userid=" + encode(visit.params().get("userid"))
                + "&confid=" + encode(visit.classNo()) + "&username=" + encode(visit.params().get("username"));
    }

    public String thankYouPage(CallbackEvent visit) {
        return HtmlPage.render(settings.title(), Map.of("username", visit.params().get("username"),
                "userid", visit.params().get("userid"), "confid", visit.classNo()), settings.message());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
