import java.util.ArrayList;
import java.util.List;

/** What the driver knows of one token it created: its latest acknowledged secret, the ones rotated away, its doubts. */
final class Token {

    /** A doubt about a write: none, one answered with an error status, one cut by the network. */
    static final int NO_DOUBT = 0, ERROR_DOUBT = 1, NETWORK_DOUBT = 2;

    final String id;
    final int worker;
    final String name;
    String secret;                       // the latest secret the service acknowledged
    final List<String> old = new ArrayList<>(); // secrets rotated away by acknowledged rotations
    boolean revoked;                     // an acknowledged revocation
    int rotateDoubt = NO_DOUBT;          // an unacknowledged rotation since the latest acknowledged secret
    int revokeDoubt = NO_DOUBT;          // an unacknowledged revocation (and none acknowledged)

    Token(String id, int worker, String name, String secret) {
        this.id = id;
        this.worker = worker;
        this.name = name;
        this.secret = secret;
    }

    static int doubtOf(Answer answer) {
        return answer.inDoubt() ? NETWORK_DOUBT : answer.status() == Answer.CONNECT ? NO_DOUBT : ERROR_DOUBT;
    }
}
