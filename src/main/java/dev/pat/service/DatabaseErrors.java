package dev.pat.service;


/** Recognises PostgreSQL integrity errors under whatever wrapping Hibernate Reactive gives them. */
final class DatabaseErrors {

    static final String UNIQUE_VIOLATION = "23505";
    static final String FOREIGN_KEY_VIOLATION = "23503";

    private DatabaseErrors() {
    }

    static boolean is(Throwable failure, String sqlState) {
        return sqlState.equals(sqlState(failure));
    }

    static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof io.vertx.pgclient.PgException pg) {
                return pg.getSqlState();
            }
            if (cause instanceof org.hibernate.exception.ConstraintViolationException constraint && constraint.getSQLState() != null) {
                return constraint.getSQLState();
            }
        }
        return null;
    }
}
