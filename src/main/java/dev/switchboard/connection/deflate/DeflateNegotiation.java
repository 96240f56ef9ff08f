package dev.switchboard.connection.deflate;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Answers a client's {@code Sec-WebSocket-Extensions} offers (RFC 7692 5 and 7.1): the first permessage-deflate
 * offer the server can accept wins; an offer it cannot accept is declined and the next one is tried. Other
 * extensions are never accepted.
 */
public final class DeflateNegotiation {

    static final String EXTENSION = "permessage-deflate";

    private DeflateNegotiation() {
    }

    /** The agreement for these header values (the header may repeat), or null when no offer is acceptable. */
    public static DeflateAgreement negotiate(List<String> headerValues) {
        for (String header : headerValues) {
            for (String offer : header.split(",")) {
                DeflateAgreement agreement = accept(offer);
                if (agreement != null) {
                    return agreement;
                }
            }
        }
        return null;
    }

    /**
     * One offer: {@code permessage-deflate *(; param[=value])}. RFC 7692 7: decline an offer with an unknown
     * parameter, an invalid value, or the same parameter twice. Window bits are 8 to 15 (7.1.2.1, 7.1.2.2); a
     * {@code client_max_window_bits} without value only says the client could limit its window.
     */
    static DeflateAgreement accept(String offer) {
        String[] parts = offer.split(";");
        if (!parts[0].trim().equalsIgnoreCase(EXTENSION)) {
            return null;
        }
        int serverWindow = DeflateAgreement.MAX_WINDOW_BITS;
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            if (param.isEmpty()) {
                return null;
            }
            int eq = param.indexOf('=');
            String name = (eq < 0 ? param : param.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : unquote(param.substring(eq + 1).trim());
            if (!seen.add(name)) {
                return null;
            }
            switch (name) {
                case "server_no_context_takeover", "client_no_context_takeover" -> {
                    if (value != null) {
                        return null;
                    }
                }
                case "server_max_window_bits" -> {
                    int bits = windowBits(value);
                    if (bits < 0) {
                        return null;
                    }
                    serverWindow = bits;
                }
                case "client_max_window_bits" -> {
                    if (value != null && windowBits(value) < 0) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return serverWindow == DeflateAgreement.MAX_WINDOW_BITS ? DeflateAgreement.DEFAULT
                : new DeflateAgreement(serverWindow);
    }

    /** 8 to 15 written as 1*DIGIT without leading zero (RFC 7692 7.1.2.1); -1 otherwise. */
    private static int windowBits(String value) {
        if (value == null || value.isEmpty() || value.length() > 2 || value.charAt(0) == '0'
                || !value.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int bits = Integer.parseInt(value);
        return bits >= DeflateAgreement.MIN_WINDOW_BITS && bits <= DeflateAgreement.MAX_WINDOW_BITS ? bits : -1;
    }

    /** RFC 7692 5.2 / RFC 7230 3.2.6: a value may be a quoted string. */
    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
