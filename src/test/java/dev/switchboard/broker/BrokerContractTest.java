package dev.switchboard.broker;

import dev.switchboard.model.StreamPosition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.ClientInfo;
import dev.switchboard.presence.PresenceCounts;
import dev.switchboard.presence.PresenceStore;
import dev.switchboard.model.Position;
import dev.switchboard.model.Publication;
import dev.switchboard.model.PublisherInfo;

/**
 * What every {@link Broker} must do, whatever holds its state. Each implementation's test extends this class
 * and supplies a fresh broker; the events it delivers to this node are collected for the assertions.
 */
public abstract class BrokerContractTest {

    protected static final Duration WAIT = Duration.ofSeconds(5);
    protected static final HistoryPolicy KEEP_10 = new HistoryPolicy(10, Duration.ofMinutes(5));

    protected Broker broker;
    protected PresenceStore presence;
    protected final List<Publication> delivered = new CopyOnWriteArrayList<>();
    protected final List<String> joinsAndLeaves = new CopyOnWriteArrayList<>();

    /** A new broker, ready to use, whose state shares nothing with earlier tests' channels. */
    protected abstract Broker createBroker();

    /** The presence store that goes with the broker (same engine), sharing nothing with earlier tests. */
    protected abstract PresenceStore createPresence();

    @BeforeEach
    void setUp() {
        broker = createBroker();
        presence = createPresence();
        broker.setEventHandler(new BrokerEvents() {
            @Override
            public void onEvent(ChannelEvent event) {
                switch (event.kind()) {
                    case PUBLICATION -> delivered.add(event.publication());
                    case JOIN -> joinsAndLeaves.add("join " + event.channel() + " " + event.client().client());
                    case LEAVE -> joinsAndLeaves.add("leave " + event.channel() + " " + event.client().client());
                }
            }

            @Override
            public void onDeliveryInterrupted(String channel) {
                joinsAndLeaves.add("interrupted " + channel);
            }
        });
    }

    protected static String channel() {
        return "contract:" + UUID.randomUUID();
    }

    protected StreamPosition publish(String channel, int value, HistoryPolicy policy) {
        return broker.publish(channel, IntNode.valueOf(value), new PublisherInfo("c1", null), policy)
                .await().atMost(WAIT);
    }

    protected HistoryResult history(String channel, Position since, int limit) {
        return broker.history(channel, new HistoryQuery(since, limit)).await().atMost(WAIT);
    }

    protected void awaitDelivered(String channel, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (delivered.stream().filter(p -> p.channel().equals(channel)).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + delivered + " delivered, expected " + count + " on " + channel);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void offsetsStartAtOneAndGrowByOneInOneEpoch() {
        String ch = channel();
        broker.subscribe(ch).await().atMost(WAIT);
        StreamPosition empty = history(ch, null, 0).top();
        assertEquals(0, empty.offset());
        StreamPosition first = publish(ch, 1, KEEP_10);
        StreamPosition second = publish(ch, 2, KEEP_10);
        assertEquals(1, first.offset());
        assertEquals(2, second.offset());
        assertEquals(empty.epoch(), first.epoch(), "the epoch does not change while history lives");
        assertEquals(first.epoch(), second.epoch());
        assertNotEquals(empty.epoch(), history(channel(), null, 0).top().epoch(), "each stream its own epoch");
    }

    @Test
    void subscribedNodeReceivesPublicationsInOffsetOrder() {
        String ch = channel();
        broker.subscribe(ch).await().atMost(WAIT);
        for (int i = 1; i <= 50; i++) {
            publish(ch, i, KEEP_10);
        }
        awaitDelivered(ch, 50);
        List<Long> offsets = delivered.stream().filter(p -> p.channel().equals(ch)).map(Publication::offset)
                .toList();
        for (int i = 0; i < 50; i++) {
            assertEquals(i + 1, offsets.get(i));
        }
        Publication first = delivered.stream().filter(p -> p.channel().equals(ch)).findFirst().orElseThrow();
        assertEquals(1, first.data().intValue());
        assertEquals("c1", first.info().client());
    }

    @Test
    void historyKeepsTheNewestUpToItsSize() {
        String ch = channel();
        HistoryPolicy keep3 = new HistoryPolicy(3, Duration.ofMinutes(5));
        for (int i = 1; i <= 7; i++) {
            publish(ch, i, keep3);
        }
        HistoryResult all = history(ch, null, 100);
        assertEquals(7, all.top().offset());
        assertEquals(List.of(5L, 6L, 7L), all.publications().stream().map(Publication::offset).toList());
        assertEquals(List.of(6L, 7L), history(ch, null, 2).publications().stream().map(Publication::offset).toList());
    }

    @Test
    void historySinceIsContinuousOnlyWithoutGap() {
        String ch = channel();
        HistoryPolicy keep3 = new HistoryPolicy(3, Duration.ofMinutes(5));
        String epoch = null;
        for (int i = 1; i <= 7; i++) {
            epoch = publish(ch, i, keep3).epoch();
        }
        HistoryResult fromFour = history(ch, new Position(epoch, 4), Integer.MAX_VALUE);
        assertTrue(fromFour.continuous());
        assertEquals(List.of(5L, 6L, 7L), fromFour.publications().stream().map(Publication::offset).toList());
        assertFalse(history(ch, new Position(epoch, 3), Integer.MAX_VALUE).continuous(), "offset 4 was trimmed");
        HistoryResult atTop = history(ch, new Position(epoch, 7), Integer.MAX_VALUE);
        assertTrue(atTop.continuous());
        assertTrue(atTop.publications().isEmpty());
        assertFalse(history(ch, new Position("other", 6), Integer.MAX_VALUE).continuous(), "another epoch");
        assertFalse(history(ch, new Position(epoch, 99), Integer.MAX_VALUE).continuous(), "beyond the top");
        HistoryResult limited = history(ch, new Position(epoch, 4), 2);
        assertEquals(List.of(5L, 6L), limited.publications().stream().map(Publication::offset).toList());
    }

    @Test
    void historyExpiresWithItsTtlButTheOffsetRemains() throws InterruptedException {
        String ch = channel();
        HistoryPolicy brief = new HistoryPolicy(10, Duration.ofMillis(1000));
        publish(ch, 1, brief);
        assertEquals(1, history(ch, null, 10).publications().size());
        Thread.sleep(2100);
        HistoryResult later = history(ch, null, 10);
        assertTrue(later.publications().isEmpty());
        assertEquals(1, later.top().offset());
        assertEquals(2, publish(ch, 2, brief).offset());
    }

    @Test
    void noHistoryPolicyKeepsOffsetsOnly() {
        String ch = channel();
        publish(ch, 1, HistoryPolicy.NONE);
        publish(ch, 2, HistoryPolicy.NONE);
        HistoryResult result = history(ch, null, 10);
        assertEquals(2, result.top().offset());
        assertTrue(result.publications().isEmpty());
    }

    @Test
    void presenceAddsAndRemovesClients() {
        String ch = channel();
        presence.add(ch, new ClientInfo("a", "alice", TextNode.valueOf("A"))).await().atMost(WAIT);
        presence.add(ch, new ClientInfo("b", null, null)).await().atMost(WAIT);
        List<ClientInfo> both = presence.clients(ch).await().atMost(WAIT);
        assertEquals(Set.of("a", "b"), both.stream().map(ClientInfo::client).collect(Collectors.toSet()));
        ClientInfo alice = both.stream().filter(c -> c.client().equals("a")).findFirst().orElseThrow();
        assertEquals("alice", alice.user());
        assertEquals("A", alice.info().asText());
        presence.remove(ch, "a").await().atMost(WAIT);
        assertEquals(List.of("b"), presence.clients(ch).await().atMost(WAIT).stream().map(ClientInfo::client).toList());
        assertTrue(presence.clients(channel()).await().atMost(WAIT).isEmpty(), "unknown channel: empty");
    }

    @Test
    void presencePerUserAndCountsFollowEveryAddRemoveAndUserChange() {
        String ch = channel();
        presence.add(ch, new ClientInfo("a1", "alice", TextNode.valueOf("A"))).await().atMost(WAIT);
        presence.add(ch, new ClientInfo("a2", "alice", TextNode.valueOf("A"))).await().atMost(WAIT);
        presence.add(ch, new ClientInfo("b1", "bob", null)).await().atMost(WAIT);
        presence.add(ch, new ClientInfo("anon", null, null)).await().atMost(WAIT);
        presence.add(ch, new ClientInfo("a1", "alice", TextNode.valueOf("A"))).await().atMost(WAIT); // again
        assertEquals(new PresenceCounts(4, 2), presence.counts(ch).await().atMost(WAIT));
        List<ClientInfo> users = presence.users(ch).await().atMost(WAIT);
        assertEquals(Set.of("alice", "bob"), users.stream().map(ClientInfo::user).collect(Collectors.toSet()));
        assertEquals(2, users.size(), "one entry per user, anonymous connections left out: " + users);
        ClientInfo alice = users.stream().filter(u -> "alice".equals(u.user())).findFirst().orElseThrow();
        assertTrue(Set.of("a1", "a2").contains(alice.client()));
        assertEquals("A", alice.info().asText());

        presence.remove(ch, alice.client()).await().atMost(WAIT);
        assertEquals(new PresenceCounts(3, 2), presence.counts(ch).await().atMost(WAIT), "alice still has one");
        String other = alice.client().equals("a1") ? "a2" : "a1";
        assertEquals(List.of(other), presence.users(ch).await().atMost(WAIT).stream()
                .filter(u -> "alice".equals(u.user())).map(ClientInfo::client).toList(), "her other connection");
        presence.remove(ch, other).await().atMost(WAIT);
        assertEquals(new PresenceCounts(2, 1), presence.counts(ch).await().atMost(WAIT));
        presence.add(ch, new ClientInfo("anon", "carol", null)).await().atMost(WAIT); // the connection's user changed
        assertEquals(new PresenceCounts(2, 2), presence.counts(ch).await().atMost(WAIT));
        presence.remove(ch, "nobody").await().atMost(WAIT);
        presence.remove(ch, "b1").await().atMost(WAIT);
        presence.remove(ch, "anon").await().atMost(WAIT);
        assertEquals(new PresenceCounts(0, 0), presence.counts(ch).await().atMost(WAIT));
        assertTrue(presence.users(ch).await().atMost(WAIT).isEmpty());
    }

    @Test
    void joinAndLeaveReachSubscribedNodes() {
        String ch = channel();
        broker.subscribe(ch).await().atMost(WAIT);
        broker.publishJoin(ch, new ClientInfo("a", null, null)).await().atMost(WAIT);
        broker.publishLeave(ch, new ClientInfo("a", null, null)).await().atMost(WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (joinsAndLeaves.size() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(List.of("join " + ch + " a", "leave " + ch + " a"), joinsAndLeaves);
    }

    @Test
    void publicationWithoutPublisherInfoKeepsItAbsent() {
        String ch = channel();
        broker.subscribe(ch).await().atMost(WAIT);
        broker.publish(ch, TextNode.valueOf("from a back end"), null, KEEP_10).await().atMost(WAIT);
        awaitDelivered(ch, 1);
        Publication live = delivered.stream().filter(p -> p.channel().equals(ch)).findFirst().orElseThrow();
        assertEquals(null, live.info());
        assertEquals("from a back end", live.data().asText());
        Publication stored = history(ch, null, 10).publications().get(0);
        assertEquals(live, stored, "history and delivery carry the same publication");
    }

    @Test
    void historyWithoutPublicationsKeepsTheEpochThatPublishingUses() {
        String ch = channel();
        StreamPosition before = history(ch, null, 0).top();
        assertEquals(before.epoch(), history(ch, null, 0).top().epoch(), "reading twice: one epoch");
        StreamPosition after = publish(ch, 1, KEEP_10);
        assertEquals(before.epoch(), after.epoch(), "a client that saw the empty stream can recover later");
        HistoryResult recovered = history(ch, new Position(before.epoch(), 0), Integer.MAX_VALUE);
        assertTrue(recovered.continuous());
        assertEquals(List.of(1L), recovered.publications().stream().map(Publication::offset).toList());
    }

    @Test
    void resubscribingRightAfterUnsubscribingEndsSubscribed() {
        String ch = channel();
        broker.subscribe(ch).await().atMost(WAIT);
        // The hub starts these in this order without waiting in between (last subscriber leaves, a new one comes).
        var unsubscribed = broker.unsubscribe(ch).subscribeAsCompletionStage();
        var subscribed = broker.subscribe(ch).subscribeAsCompletionStage();
        unsubscribed.join();
        subscribed.join();
        publish(ch, 1, KEEP_10);
        awaitDelivered(ch, 1);
    }

    @Test
    void presenceKeepsUserAndInfoAbsentWhenNull() {
        String ch = channel();
        presence.add(ch, new ClientInfo("anon", null, null)).await().atMost(WAIT);
        ClientInfo anon = presence.clients(ch).await().atMost(WAIT).get(0);
        assertEquals(new ClientInfo("anon", null, null), anon);
        presence.add(ch, new ClientInfo("anon", "later", TextNode.valueOf("x"))).await().atMost(WAIT);
        List<ClientInfo> updated = presence.clients(ch).await().atMost(WAIT);
        assertEquals(1, updated.size(), "one entry per client");
        assertEquals("later", updated.get(0).user());
    }

    @Test
    void isReady() {
        assertTrue(broker.isReady());
        assertFalse(broker.describeState().isBlank());
    }
}
