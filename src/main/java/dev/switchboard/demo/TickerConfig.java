package dev.switchboard.demo;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code switchboard.demo.ticker.*}: the market ticker simulator that feeds the demo page. */
@ConfigMapping(prefix = "switchboard.demo.ticker")
public interface TickerConfig {

    /** Whether the simulator publishes at all; switch it off in production. */
    @WithDefault("true")
    boolean enabled();

    /** Quotes per second for each symbol (0.1 to 100). */
    @WithDefault("2")
    double rate();

    /** Symbols; each gets the channel {@code ticker:<SYMBOL>}. */
    @WithDefault("ACME,GLOBEX,INITECH,HOOLI,UMBRELLA")
    List<String> symbols();
}
