package dev.switchboard.ops;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import sun.misc.Signal;

/**
 * Turns SIGTERM into an ordinary application exit. Quarkus leaves SIGTERM to the JVM, which runs the same
 * shutdown (drain included) from a shutdown hook but then reports exit code 143, as if the process had been
 * killed. Asking Quarkus to exit instead runs that shutdown from the main thread and ends with 0, so a
 * supervisor can tell "drained and stopped cleanly" from a crash. Only in a normal run: in dev and test mode
 * the JVM belongs to Maven or the IDE.
 *
 * <p>The node is marked as draining here, before Quarkus's shutdown begins: Quarkus's own readiness check
 * ("Graceful Shutdown") turns DOWN in the pre-shutdown phase, a moment before {@link DrainCoordinator} hears of
 * it, and a probe in between would see readiness 503 with Switchboard's {@code draining} still false.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only way to handle a signal, and Quarkus uses
 * it too. javac warns about each use whenever this file is compiled; since JDK 25 that warning is mandatory (no
 * {@code -Xlint} option, {@code -nowarn} or {@code @SuppressWarnings} turns it off), and the way around it,
 * reflection plus a dynamic proxy for the handler, would need native-image proxy configuration of our own.
 */
@Singleton
public class TermSignal {

    private static final Logger LOG = Logger.getLogger(TermSignal.class);

    private final DrainState drain;

    public TermSignal(DrainState drain) {
        this.drain = drain;
    }

    void install(@Observes StartupEvent event) {
        if (LaunchMode.current() != LaunchMode.NORMAL) {
            return;
        }
        try {
            Signal.handle(new Signal("TERM"), signal -> {
                drain.start();
                Quarkus.asyncExit(0);
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.debugf("SIGTERM handler not installed (%s); the JVM's default applies", e.getMessage());
        }
    }
}
