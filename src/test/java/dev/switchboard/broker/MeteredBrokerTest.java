package dev.switchboard.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.switchboard.broker.BrokerEvents;
import dev.switchboard.broker.MemoryBroker;
import dev.switchboard.model.ChannelEvent;
import dev.switchboard.model.Publication;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The metering wrapper passes every broker event on to the hub, including ones with a default method. */
class MeteredBrokerTest {

    @Test
    void everyEventMethodIsForwarded() throws Exception {
        MemoryBroker memory = new MemoryBroker();
        MeteredBroker metered = new MeteredBroker(memory, new SimpleMeterRegistry());
        List<String> seen = new ArrayList<>();
        metered.setEventHandler(new BrokerEvents() {
            @Override
            public void onEvent(ChannelEvent event) {
                seen.add("onEvent");
            }

            @Override
            public void onDeliveryInterrupted(String channel) {
                seen.add("onDeliveryInterrupted");
            }
        });
        // What the memory broker was given is the wrapper; call each event method on it as a broker would.
        java.lang.reflect.Field field = MemoryBroker.class.getDeclaredField("events");
        field.setAccessible(true);
        BrokerEvents wrapper = (BrokerEvents) field.get(memory);
        List<String> expected = new ArrayList<>();
        for (Method method : BrokerEvents.class.getMethods()) {
            Object[] args = new Object[method.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                Class<?> type = method.getParameterTypes()[i];
                args[i] = type == String.class ? "c"
                        : ChannelEvent.publication(new Publication("c", 1, null, null));
            }
            method.invoke(wrapper, args);
            expected.add(method.getName());
        }
        assertEquals(expected, seen);
    }
}
