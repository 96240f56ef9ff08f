package dev.switchboard.protocol;

/**
 * A command that cannot be carried out; becomes an {@code error} frame. Carries no stack trace: it is control
 * flow for bad input, not a server fault.
 */
public final class ProtocolException extends RuntimeException {
    private final ErrorCode code;
    private final Long commandId;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ProtocolException(ErrorCode code, String message, Long commandId) {
        super(message, null, false, false);
        this.code = code;
        this.commandId = commandId;
    }

    public ErrorCode code() {
        return code;
    }

    public Long commandId() {
        return commandId;
    }

    public ServerFrame.Error toFrame() {
        return new ServerFrame.Error(commandId, code, getMessage());
    }
}
