package dev.switchboard.broker;

class MemoryBrokerTest extends BrokerContractTest {

    @Override
    protected Broker createBroker() {
        return new MemoryBroker();
    }
}
