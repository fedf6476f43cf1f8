package dev.pat.service;


/** Recognises PostgreSQL errors by SQLSTATE under whatever wrapping Hibernate Reactive gives them. */
public final class DatabaseErrors {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String FOREIGN_KEY_VIOLATION = "23503";

    private DatabaseErrors() {
    }

    public static boolean is(Throwable failure, String sqlState) {
        return sqlState.equals(sqlState(failure));
    }

    public static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof io.vertx.pgclient.PgException pg) {
                return pg.getSqlState();
            }
            if (cause instanceof org.hibernate.JDBCException jdbc && jdbc.getSQLState() != null) {
                return jdbc.getSQLState();
            }
        }
        return null;
    }
}
