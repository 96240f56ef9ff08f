package dev.switchboard.ops;

import static io.restassured.RestAssured.given;

import java.util.Map;

/**
 * A scrape of /q/metrics, read the way Prometheus reads it: {@code name{label="value",...} number} per line.
 * Lets a test ask for one series by name and labels.
 */
final class PrometheusText {

    private final String text;

    private PrometheusText(String text) {
        this.text = text;
    }

    static PrometheusText scrape() {
        return new PrometheusText(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    static PrometheusText of(String text) {
        return new PrometheusText(text);
    }

    String text() {
        return text;
    }

    /**
     * The sum of the series with this name that have all the given labels (as PromQL's sum() over a label subset);
     * 0 when there is none. Summing matters where one label set is several series, e.g. closes of every protocol.
     */
    double value(String name, String... labelPairs) {
        Map<String, String> wanted = new java.util.HashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            wanted.put(labelPairs[i], labelPairs[i + 1]);
        }
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String seriesName = brace >= 0 ? line.substring(0, brace) : line.substring(0, space);
            if (!seriesName.equals(name)) {
                continue;
            }
            Map<String, String> labels = new java.util.HashMap<>();
            if (brace >= 0) {
                String body = line.substring(brace + 1, line.lastIndexOf('}'));
                for (String pair : body.split(",")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 2, pair.length() - 1));
                    }
                }
            }
            if (labels.entrySet().containsAll(wanted.entrySet())) {
                sum += Double.parseDouble(line.substring(space + 1));
            }
        }
        return sum;
    }

    boolean has(String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                return true;
            }
        }
        return false;
    }
}
