import java.util.HashMap;
import java.util.Map;

/** The top-level members of a JSON object answer, the only JSON the soak reads (the JDK has no parser). */
final class JsonFields {

    /** The value of a member that is a number, an object or an array: skipped, never read by the soak. */
    static final Object OTHER = new Object();

    private final String text;
    private int at;

    private JsonFields(String text) {
        this.text = text;
    }

    /**
     * The members of the object the body holds: a string as its raw text between the quotes (escapes
     * left as sent: the soak compares ids, names and secrets, which have none), true and false as
     * Boolean, null as null, anything else as {@link #OTHER} (skipped, brackets inside strings
     * included). Null when the body is not one JSON object.
     */
    static Map<String, Object> of(String body) {
        if (body == null) {
            return null;
        }
        try {
            JsonFields json = new JsonFields(body);
            Map<String, Object> members = new HashMap<>();
            json.expect('{');
            if (json.peek() == '}') {
                json.at++;
            } else {
                char next;
                do {
                    String key = json.string();
                    json.expect(':');
                    members.put(key, json.value());
                    next = json.peek();
                    json.at++;
                } while (next == ',');
                if (next != '}') {
                    return null;
                }
            }
            return json.peek() == 0 ? members : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The next character after white space, 0 at the end. */
    private char peek() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at < text.length() ? text.charAt(at) : 0;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected " + c);
        }
        at++;
    }

    private String string() {
        expect('"');
        int start = at;
        while (text.charAt(at) != '"') {
            at += text.charAt(at) == '\\' ? 2 : 1;
        }
        return text.substring(start, at++);
    }

    private Object value() {
        char first = peek();
        if (first == '"') {
            return string();
        }
        for (String literal : new String[] {"true", "false", "null"}) {
            if (text.startsWith(literal, at)) {
                at += literal.length();
                return literal.equals("null") ? null : Boolean.valueOf(literal);
            }
        }
        // A number, an object or an array: up to the "," or "}" that ends it at this level.
        int start = at;
        int depth = 0;
        for (char c = first; depth > 0 || (c != ',' && c != '}'); c = text.charAt(at)) {
            if (c == '"') {
                string();
                continue;
            }
            depth += c == '{' || c == '[' ? 1 : c == '}' || c == ']' ? -1 : 0;
            at++;
        }
        if (at == start || depth != 0) {
            throw new IllegalArgumentException("no value");
        }
        return OTHER;
    }
}
