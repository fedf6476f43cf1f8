package dev.pat.platform.database.embedded;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The role the service connects to the embedded PostgreSQL with, made and kept right by the
 * superuser at every start: a login without superuser, role-creation, database-creation or
 * replication rights, which owns the schema the service uses (so that Flyway's migrations can make
 * and change its tables) and every object in it.
 *
 * <p>Set up here, once the server runs: the role itself, its password from its file (so that the
 * file and the role never disagree), the schema's ownership; the extensions the superuser must make,
 * pg_stat_statements, whose library the server preloads (the role may reset its statistics), and
 * pg_trgm (a trusted extension the role could make too, made here so that the search indexes never
 * depend on it); and the objects an earlier version made as the superuser, handed to the role.
 */
final class EmbeddedPostgresServiceRole {

    static final String NAME = "pat_service";
    static final String DATABASE = "postgres";

    private EmbeddedPostgresServiceRole() {
    }

    static void ensure(DataSource superuser, String password) throws SQLException {
        try (Connection connection = superuser.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + NAME + "') THEN"
                    + " CREATE ROLE " + NAME + "; END IF; END $$");
            // The password is hex digits only: nothing in it needs quoting.
            statement.execute("ALTER ROLE " + NAME + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
                    + " PASSWORD '" + password + "'");
            // Connect; make the trusted extension and the tests' scratch schemas (CREATE); temporary tables.
            statement.execute("GRANT CONNECT, CREATE, TEMPORARY ON DATABASE " + DATABASE + " TO " + NAME);
            statement.execute("ALTER SCHEMA public OWNER TO " + NAME);
            statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statement.execute("GRANT EXECUTE ON FUNCTION pg_stat_statements_reset(oid, oid, bigint) TO " + NAME);
            statement.execute(HAND_OVER_EARLIER_OBJECTS);
        }
    }

    /**
     * Tables (with their indexes and owned sequences), views, sequences, functions and types of the
     * schema that another role owns, except those of an extension: handed to the service role.
     */
    private static final String HAND_OVER_EARLIER_OBJECTS = """
            DO $$
            DECLARE item record;
            BEGIN
                FOR item IN
                    SELECT format('ALTER %s %s OWNER TO %I',
                               CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                   WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                               c.oid::regclass, '{role}') AS statement
                    FROM pg_class c
                    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                      AND c.relowner <> '{role}'::regrole
                      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                      AND d.deptype IN ('e', 'a', 'i'))
                    UNION ALL
                    SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, '{role}')
                    FROM pg_proc p
                    WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> '{role}'::regrole
                      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
                    UNION ALL
                    SELECT format('ALTER TYPE %s OWNER TO %I', t.oid::regtype, '{role}')
                    FROM pg_type t
                    WHERE t.typnamespace = 'public'::regnamespace AND t.typowner <> '{role}'::regrole AND t.typtype IN ('e', 'd', 'r')
                      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
                LOOP
                    EXECUTE item.statement;
                END LOOP;
            END $$""".replace("{role}", NAME);
}
