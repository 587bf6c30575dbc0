package com.genseehub.report;

import java.util.Map;

/** Headers and labels of the report's files and email, in Chinese or English. */
public final class ReportLabels {

    private static final Map<String, String> ZH = Map.ofEntries(
            Map.entry("report", "课堂报告"), Map.entry("site", "站点"), Map.entry("classNo", "课堂号"),
            Map.entry("state", "状态"), Map.entry("startedAt", "开始时间"), Map.entry("stoppedAt", "结束时间"),
            Map.entry("liveTime", "直播时长"), Map.entry("pauses", "暂停次数"), Map.entry("pausedTime", "暂停时长"),
            Map.entry("peakUsers", "峰值在线"), Map.entry("attendees", "参会人数"), Map.entry("qualified", "达标"),
            Map.entry("qualifiedCount", "达标人数"), Map.entry("abnormalExits", "异常退出"),
            Map.entry("recordings", "录制件"), Map.entry("questions", "提问"), Map.entry("answers", "回答"),
            Map.entry("rollCall", "签到次数"), Map.entry("rule", "出勤规则"), Map.entry("noRule", "未设置"),
            Map.entry("generatedAt", "生成时间"), Map.entry("timeZone", "时区"),
            Map.entry("operator", "用户 ID"), Map.entry("name", "姓名"), Map.entry("present", "在场时长"),
            Map.entry("presence", "出勤率"), Map.entry("intervalCount", "进出次数"), Map.entry("firstJoin", "首次进入"),
            Map.entry("lastLeave", "最后离开"), Map.entry("intervals", "在场区间"),
            Map.entry("end.normal", "正常退出"), Map.entry("end.abnormal", "异常退出"),
            Map.entry("end.closedByStop", "下课时关闭"), Map.entry("end.repaired", "按展视记录修复"),
            Map.entry("end.open", "在线"), Map.entry("yes", "是"), Map.entry("no", "否"),
            Map.entry("rule.minPresence", "在场不少于直播时长的 {p}"), Map.entry("rule.minMinutes", "在场不少于 {m} 分钟"),
            Map.entry("rule.and", "，且"), Map.entry("online", "在线人数"), Map.entry("time", "时间"),
            Map.entry("attachment", "附件为 Excel 表格（每位参会者一行）。"),
            Map.entry("notLive", "灰色：未在直播（开始前、暂停、结束后）"),
            Map.entry("state.UNKNOWN", "未知"), Map.entry("state.CREATED", "已创建"), Map.entry("state.LIVE", "直播中"),
            Map.entry("state.PAUSED", "已暂停"), Map.entry("state.STOPPED", "已结束"));

    private static final Map<String, String> EN = Map.ofEntries(
            Map.entry("report", "Class report"), Map.entry("site", "Site"), Map.entry("classNo", "Class"),
            Map.entry("state", "State"), Map.entry("startedAt", "Started"), Map.entry("stoppedAt", "Stopped"),
            Map.entry("liveTime", "Live time"), Map.entry("pauses", "Pauses"), Map.entry("pausedTime", "Paused time"),
            Map.entry("peakUsers", "Peak online"), Map.entry("attendees", "Attendees"), Map.entry("qualified", "Qualified"),
            Map.entry("qualifiedCount", "Qualified"), Map.entry("abnormalExits", "Abnormal exits"),
            Map.entry("recordings", "Recordings"), Map.entry("questions", "Questions"), Map.entry("answers", "Answers"),
            Map.entry("rollCall", "Roll-call check-ins"), Map.entry("rule", "Attendance rule"),
            Map.entry("noRule", "none"), Map.entry("generatedAt", "Generated"), Map.entry("timeZone", "Time zone"),
            Map.entry("operator", "User id"), Map.entry("name", "Name"), Map.entry("present", "Time present"),
            Map.entry("presence", "Presence"), Map.entry("intervalCount", "Intervals"), Map.entry("firstJoin", "First join"),
            Map.entry("lastLeave", "Last leave"), Map.entry("intervals", "Present"),
            Map.entry("end.normal", "left"), Map.entry("end.abnormal", "abnormal exit"),
            Map.entry("end.closedByStop", "closed by stop"), Map.entry("end.repaired", "repaired from Gensee's record"),
            Map.entry("end.open", "online"), Map.entry("yes", "yes"), Map.entry("no", "no"),
            Map.entry("rule.minPresence", "present at least {p} of live time"),
            Map.entry("rule.minMinutes", "present at least {m} minutes"), Map.entry("rule.and", " and "),
            Map.entry("online", "Online users"), Map.entry("time", "Time"),
            Map.entry("attachment", "The attached workbook has one row per attendee."),
            Map.entry("notLive", "Grey: not live (before the start, paused, after the stop)"),
            Map.entry("state.UNKNOWN", "Unknown"), Map.entry("state.CREATED", "Created"), Map.entry("state.LIVE", "Live"),
            Map.entry("state.PAUSED", "Paused"), Map.entry("state.STOPPED", "Stopped"));

    private final Map<String, String> labels;

    private ReportLabels(Map<String, String> labels) {
        this.labels = labels;
    }

    public static ReportLabels of(ReportLanguage language) {
        return new ReportLabels(language == ReportLanguage.EN ? EN : ZH);
    }

    public String get(String key) {
        String label = labels.get(key);
        if (label == null) {
            throw new IllegalArgumentException("no report label " + key);
        }
        return label;
    }
}
