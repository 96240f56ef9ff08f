package dev.switchboard.bench;

import java.util.HashMap;
import java.util.Map;

/** Command-line options of the form {@code --name value} or {@code --name=value}; typed getters with defaults. */
final class Options {
    private final Map<String, String> values = new HashMap<>();

    Options(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + a);
            }
            String body = a.substring(2);
            int eq = body.indexOf('=');
            if (eq >= 0) {
                values.put(body.substring(0, eq), body.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(body, args[++i]);
            } else {
                values.put(body, "true");
            }
        }
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return v;
    }

    int integer(String name, int fallback) {
        String v = values.get(name);
        return v == null ? fallback : Integer.parseInt(v);
    }

    long pid(String name) {
        String v = values.get(name);
        return v == null ? -1 : Long.parseLong(v);
    }

    double decimal(String name, double fallback) {
        String v = values.get(name);
        return v == null ? fallback : Double.parseDouble(v);
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }
}
