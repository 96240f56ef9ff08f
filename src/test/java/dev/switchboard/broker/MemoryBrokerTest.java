package dev.switchboard.broker;

class MemoryBrokerTest extends BrokerContractTest {

    @Override
    protected Broker createBroker() {
        return new MemoryBroker();
    }

    @Override
    protected dev.switchboard.presence.PresenceStore createPresence() {
        return new dev.switchboard.presence.MemoryPresence();
    }
}
