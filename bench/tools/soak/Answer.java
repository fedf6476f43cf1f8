/** One request's outcome: the HTTP status and body, or a negative status for a request that got no answer. */
record Answer(int status, String body) {

    /** Never reached the service: certainly not processed. */
    static final int CONNECT = -1;
    /** Sent, no answer in time: in doubt. */
    static final int TIMEOUT = -2;
    /** Sent, connection lost: in doubt. */
    static final int IO = -3;

    boolean ok() {
        return status >= 200 && status < 300;
    }

    /** Sent but unanswered: the service may or may not have done it. */
    boolean inDoubt() {
        return status == TIMEOUT || status == IO;
    }

    String label() {
        return switch (status) {
            case CONNECT -> "connect-error";
            case TIMEOUT -> "timeout";
            case IO -> "io-error";
            default -> Integer.toString(status);
        };
    }
}
