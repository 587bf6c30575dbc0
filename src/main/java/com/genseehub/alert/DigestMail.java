package com.genseehub.alert;

import static com.genseehub.pages.HtmlPage.escape;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a digest as an email: subject, HTML and plain text. Every value is HTML-escaped in the HTML
 * part, and no header value (subject, addresses) can carry a line break, so nothing built from a
 * callback can add a mail header.
 */
public final class DigestMail {

    /** A rendered email. */
    public record Mail(String from, String to, String subject, String html, String text) {
    }

    private DigestMail() {
    }

    /**
     * @param subjectTemplate with {count}, {users}, {classNo} and {site} replaced
     */
    public static Mail render(AbnormalExitDigest digest, String from, List<String> to, String subjectTemplate) {
        String subject = subjectTemplate
                .replace("{count}", String.valueOf(digest.exits()))
                .replace("{users}", String.valueOf(digest.users().size()))
                .replace("{classNo}", String.valueOf(digest.classNo()))
                .replace("{site}", digest.site());
        return new Mail(headerValue(from), headerValue(String.join(", ", to)), headerValue(subject),
                html(digest), text(digest));
    }

    /** Removes line breaks (and other control characters) that would end a mail header. */
    public static String headerValue(String value) {
        return value.replaceAll("[\\r\\n\\u0000-\\u001f\\u007f]+", " ").trim();
    }

    private static String text(AbnormalExitDigest d) {
        StringBuilder text = new StringBuilder()
                .append("Abnormal exits (110) in class ").append(d.classNo()).append(" (site ").append(d.site()).append(")\n")
                .append("From ").append(d.from()).append(" to ").append(d.to()).append(" (UTC)\n")
                .append(d.exits()).append(" abnormal exits by ").append(d.users().size()).append(" users, ")
                .append(d.backOnline()).append(" of them back online\n")
                .append("Online now: ").append(online(d)).append("\n\n")
                .append(withUserIds(d) ? "User\tUser id\tDrops\tLast drop\tBack online\n"
                        : "User\tDrops\tLast drop\tBack online\n");
        for (AbnormalExitDigest.DroppedUser user : d.users()) {
            text.append(user.operator()).append('\t').append(withUserIds(d) ? userId(user) + "\t" : "")
                    .append(user.drops()).append('\t').append(user.lastDrop()).append('\t')
                    .append(user.back() ? "yes" : "no").append('\n');
        }
        return text.toString();
    }

    private static String html(AbnormalExitDigest d) {
        Map<String, String> v = Map.of(
                "classNo", escape(d.classNo()), "site", escape(d.site()), "from", escape(d.from()), "to", escape(d.to()),
                "exits", escape(d.exits()), "users", escape(d.users().size()), "back", escape(d.backOnline()),
                "online", escape(online(d)));
        String userIdCell = withUserIds(d) ? "</td><td>" : "";
        String rows = d.users().stream().map(user -> "<tr><td>" + escape(user.operator()) + userIdCell
                        + (withUserIds(d) ? escape(userId(user)) : "") + "</td><td>" + escape(user.drops()) + "</td><td>" + escape(user.lastDrop()) + "</td><td>"
                        + (user.back() ? "yes" : "no") + "</td></tr>")
                .collect(Collectors.joining("\n"));
        return """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>Abnormal exits</title></head><body>
                <h1>Abnormal exits (110) in class %s</h1>
                <p>Site <b>%s</b>, from %s to %s (UTC).</p>
                <p>%s abnormal exits by %s users, %s of them back online. Online now: <b>%s</b>.</p>
                <table border="1" cellpadding="4">
                <tr><th>User</th>%s<th>Drops</th><th>Last drop</th><th>Back online</th></tr>
                %s
                </table>
                </body></html>
                """.formatted(v.get("classNo"), v.get("site"), v.get("from"), v.get("to"), v.get("exits"),
                v.get("users"), v.get("back"), v.get("online"), withUserIds(d) ? "<th>User id</th>" : "", rows);
    }

    /** The "User id" column only where the site has hub.sites.<key>.uid-offset (some user has one). */
    private static boolean withUserIds(AbnormalExitDigest d) {
        return d.users().stream().anyMatch(user -> user.userId() != null);
    }

    /** The integrator's user id (hub.sites.<key>.uid-offset), empty without one. */
    private static String userId(AbnormalExitDigest.DroppedUser user) {
        return user.userId() == null ? "" : user.userId().toString();
    }

    private static String online(AbnormalExitDigest d) {
        return d.stillOnline() == null ? "unknown" : String.valueOf(d.stillOnline());
    }
}
