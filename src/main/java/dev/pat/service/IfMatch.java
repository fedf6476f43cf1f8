package dev.pat.service;

/** The If-Match precondition of RFC 9110: absent or {@code *} passes; otherwise one listed tag must equal the current one. */
final class IfMatch {

    private IfMatch() {
    }

    static void check(String ifMatch, String currentEtag) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return;
        }
        for (String candidate : ifMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(currentEtag)) {
                return;
            }
        }
        throw ServiceException.stale();
    }
}
