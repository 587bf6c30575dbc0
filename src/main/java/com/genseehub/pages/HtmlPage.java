package com.genseehub.pages;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.HtmlUtils;

/**
 * The small pages attendees see (roll-call confirmation, class-end thank-you). Every value that came
 * from a request is escaped; configured texts are escaped too, so no setting can inject markup.
 */
public final class HtmlPage {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)\\}");

    private HtmlPage() {
    }

    /**
     * A complete UTF-8 page: a heading and one paragraph per line. {@code {name}} placeholders in the
     * texts are replaced by the escaped values.
     */
    public static String render(String title, Map<String, String> values, String... lines) {
        StringBuilder page = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="zh-CN">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>""");
        page.append(fill(title, values)).append("""
                </title>
                <style>body{font-family:sans-serif;max-width:32em;margin:3em auto;padding:0 1em;color:#222}\
                h1{font-size:1.5em}p{line-height:1.6}</style>
                </head>
                <body>
                <h1>""").append(fill(title, values)).append("</h1>\n");
        for (String line : lines) {
            page.append("<p>").append(fill(line, values)).append("</p>\n");
        }
        return page.append("</body>\n</html>\n").toString();
    }

    /** One pass, so a value that looks like a placeholder stays as it is. */
    private static String fill(String template, Map<String, String> values) {
        return PLACEHOLDER.matcher(escape(template)).replaceAll(match -> Matcher.quoteReplacement(
                values.containsKey(match.group(1)) ? escape(values.get(match.group(1))) : match.group()));
    }

    /** The hub's one HTML escape (pages and the alert email): {@code < > & " '}, so a value is text in an element or attribute. */
    public static String escape(Object value) {
        return value == null ? "" : HtmlUtils.htmlEscape(String.valueOf(value), StandardCharsets.UTF_8.name());
    }
}
