package dev.switchboard;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The packaged server's entry point. It is compiled for Java 17 (its own compiler execution in pom.xml), the
 * oldest Java that Quarkus's launcher runs on, while everything else is Java 21: an older JVM can still load
 * this class, and it says in one line what is needed instead of failing later on the application's classes,
 * which ended the process with status 1 and no message at all.
 */
@QuarkusMain
public final class Main {

    static final int REQUIRED_JAVA = 21;

    Main() {
        // Quarkus makes the @QuarkusMain class a bean, and prefers constructors that are not private
    }

    public static void main(String... args) {
        int running = Runtime.version().feature();
        if (running < REQUIRED_JAVA) {
            System.err.println(tooOld(running, System.getProperty("java.home")));
            System.exit(1);
        }
        Quarkus.run(args);
    }

    static String tooOld(int running, String javaHome) {
        return "Switchboard needs Java " + REQUIRED_JAVA + " or newer, but " + javaHome + " is Java " + running
                + ": run it with a newer JDK, e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -jar <jar>, or point"
                + " JAVA_HOME at one.";
    }
}
