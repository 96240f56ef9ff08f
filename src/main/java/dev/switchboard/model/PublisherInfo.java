package dev.switchboard.model;

/** Who published a publication: the connection and its user (null if anonymous). */
public record PublisherInfo(String client, String user) {
}
