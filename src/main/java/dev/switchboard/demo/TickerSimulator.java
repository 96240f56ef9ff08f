package dev.switchboard.demo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.channel.ChannelName;
import dev.switchboard.model.Publication;
import dev.switchboard.node.Publisher;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;

/**
 * Publishes simulated market quotes to {@code ticker:<SYMBOL>} for the demo page. It is a publisher like any
 * back end: every quote goes through the node's one publish path (Publisher), so it gets offsets and history and reaches subscribers on every
 * node. One timer publishes one quote per symbol each {@code 1 / rate} seconds.
 */
@Singleton
@Startup
public class TickerSimulator {

    private static final Logger LOG = Logger.getLogger(TickerSimulator.class);
    static final String NAMESPACE = "ticker";

    private final Publisher publisher;
    private final ObjectMapper mapper;
    private final List<QuoteWalk> walks = new ArrayList<>();
    private final Vertx vertx;
    private final long timerId;

    public TickerSimulator(TickerConfig config, Publisher publisher, ObjectMapper mapper, Vertx vertx) {
        this.publisher = publisher;
        this.mapper = mapper;
        this.vertx = vertx;
        if (!config.enabled()) {
            this.timerId = -1;
            LOG.info("demo ticker simulator is off (switchboard.demo.ticker.enabled=false)");
            return;
        }
        double rate = config.rate();
        if (!(rate >= 0.1 && rate <= 100)) {
            throw new IllegalArgumentException("switchboard.demo.ticker.rate must be between 0.1 and 100 quotes per second, not " + rate);
        }
        SplittableRandom random = new SplittableRandom();
        for (String symbol : channelSymbols(config)) {
            walks.add(new QuoteWalk(symbol, QuoteWalk.openingPriceFor(symbol), random.split()));
        }
        long periodMillis = Math.max(10, Math.round(1000 / rate));
        this.timerId = vertx.setPeriodic(periodMillis, id -> tick());
        LOG.infof("demo ticker simulator publishes %s to ticker:* every %d ms", channelSymbols(config), periodMillis);
    }

    /**
     * The configured symbols, upper-cased, de-duplicated, each checked to make a valid channel name, so a typo in
     * configuration fails at start-up instead of at every tick.
     */
    static List<String> channelSymbols(TickerConfig config) {
        LinkedHashSet<String> symbols = new LinkedHashSet<>();
        for (String raw : config.symbols()) {
            String symbol = raw.trim().toUpperCase(Locale.ROOT);
            if (symbol.isEmpty()) {
                continue;
            }
            if (!ChannelName.isValid(NAMESPACE + ":" + symbol)) {
                throw new IllegalArgumentException("switchboard.demo.ticker.symbols: '" + raw + "' cannot be part of a channel name ("
                        + ChannelName.RULE + ")");
            }
            symbols.add(symbol);
        }
        if (config.enabled() && symbols.isEmpty()) {
            throw new IllegalArgumentException("switchboard.demo.ticker.symbols is empty; list symbols or set enabled=false");
        }
        return List.copyOf(symbols);
    }

    void tick() {
        long now = System.currentTimeMillis();
        for (QuoteWalk walk : walks) {
            Quote quote = walk.next(now);
            JsonNode data = mapper.valueToTree(quote);
            publisher.publish(Publication.draft(NAMESPACE + ":" + quote.symbol(), data, null)).subscribe().with(
                    ignored -> {
                    },
                    failure -> LOG.debugf("ticker quote for %s not published: %s", quote.symbol(), failure.getMessage()));
        }
    }

    @PreDestroy
    void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }
}
