package dev.switchboard.hooks;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one series of /q/metrics: the hook tests check that each outcome is counted. */
final class HookMetricsText {

    private HookMetricsText() {
    }

    /** {@code switchboard_hook_calls_total{hook=..., outcome=...}}; 0 when the series does not exist yet. */
    static double calls(String hook, String outcome) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^switchboard_hook_calls_total\\{([^}]*)\\} (\\S+)$").matcher(text);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("hook=\"" + hook + "\"") && labels.contains("outcome=\"" + outcome + "\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    /** The number of events the event stream has taken, sent or dropped ({@code queued}, {@code sent}...). */
    static double events(String which) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^switchboard_hook_events_" + which + "_total(?:\\{[^}]*\\})? (\\S+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
