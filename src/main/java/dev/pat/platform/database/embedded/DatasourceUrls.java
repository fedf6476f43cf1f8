package dev.pat.platform.database.embedded;

/** Converts between the Vert.x reactive URL form and the JDBC URL form of one PostgreSQL database. */
final class DatasourceUrls {

    private DatasourceUrls() {
    }

    /** {@code postgresql://host:5432/db?x=y} becomes {@code jdbc:postgresql://host:5432/db?x=y}; credentials in the URL are dropped. */
    static String jdbcFromReactive(String reactiveUrl) {
        String rest = stripScheme(reactiveUrl, "vertx-reactive:");
        if (rest.startsWith("postgres://")) {
            rest = "postgresql://" + rest.substring("postgres://".length());
        }
        return "jdbc:" + withoutUserInfo(rest);
    }

    static String reactiveFromJdbc(String jdbcUrl) {
        return stripScheme(jdbcUrl, "jdbc:");
    }

    private static String stripScheme(String url, String scheme) {
        return url.startsWith(scheme) ? url.substring(scheme.length()) : url;
    }

    private static String withoutUserInfo(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return url;
        }
        int hostStart = schemeEnd + 3;
        int at = url.indexOf('@', hostStart);
        int slash = url.indexOf('/', hostStart);
        if (at < 0 || (slash >= 0 && at > slash)) {
            return url;
        }
        return url.substring(0, hostStart) + url.substring(at + 1);
    }
}
