import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/**
 * The peer of bench/run.sh's case 1, for scale: GET /v3/personal-access-tokens/{id} with an admin
 * JWT, written by hand on Vert.x and the reactive PostgreSQL client, with none of the service's
 * framework. It does case 1's work: the RS256 JWT verified (issuer, audience, exp, iat within the
 * service's 24 h token age, sub and accountId present) with jose4j as SmallRye JWT does and
 * remembered until its exp (a bounded map keyed by the token string); the id parsed (malformed:
 * 404); one statement of the same shape as the service's Hibernate query (token, user, organization,
 * both resellers and the user's metadata, the account a bind parameter); a caller who is not an
 * admin sees only their own user's tokens; the answer the same JSON as the service's (field names,
 * order and nesting of PersonalAccessTokenBody, timestamps in whole seconds), with its ETag and the
 * echoed X-Request-Id. Everything else the service does (rate limits, metrics, access logs, the
 * token-change feed...) it does not.
 *
 * <pre>
 * PGPASSWORD=... java -cp JARS bench/tools/Peer.java PORT PUBLIC_KEY_PEM ISSUER AUDIENCE PGHOST PGPORT DATABASE USER
 * </pre>
 * JARS: vertx-core, vertx-pg-client, vertx-sql-client, netty, jackson-core, jose4j, slf4j-api, scram
 * (bench/run.sh takes them from the service's own target/quarkus-app/lib/main: the same versions).
 */
public class Peer {

    static final String PATH = "/v3/personal-access-tokens/";
    /** The columns of the service's statement, in its order (Hibernate's aliases). */
    static final List<String> COLUMNS = List.of(("pat1_0.id,pat1_0.account_id,pat1_0.allowed_cidrs,pat1_0.created_at,pat1_0.expires_at,"
            + "pat1_0.last_rotated_at,pat1_0.last_used_at,pat1_0.last_used_ips,pat1_0.name,pat1_0.previous_secret_digest,"
            + "pat1_0.previous_secret_expires_at,pat1_0.revoked,pat1_0.scopes,pat1_0.secret_digest,pat1_0.updated_at,pat1_0.user_id,"
            + "u1_0.id,u1_0.account_id,u1_0.allow_customer_portal_access,u1_0.company,u1_0.created_at,u1_0.email,u1_0.email_metrics,"
            + "u1_0.first_name,u1_0.google_sso_enabled,u1_0.last_login_at,u1_0.last_name,u1_0.last_seen_at,"
            + "m1_0.user_id,m1_0.id,m1_0.account_id,m1_0.created_at,m1_0.meta_key,m1_0.position,m1_0.updated_at,m1_0.meta_value,"
            + "m1_0.view_permissions,m1_0.visible,"
            + "o1_0.id,o1_0.account_id,o1_0.address_line1,o1_0.address_line2,o1_0.city,o1_0.country,o1_0.postal_code,o1_0.state,"
            + "o1_0.allowed_users,o1_0.created_at,o1_0.description,o1_0.email,o1_0.name,"
            + "r1_0.id,r1_0.account_id,r1_0.allowed_organizations,r1_0.allowed_users,r1_0.created_at,r1_0.description,r1_0.email,"
            + "r1_0.name,r1_0.updated_at,r1_0.version,o1_0.updated_at,o1_0.version,"
            + "r2_0.id,r2_0.account_id,r2_0.allowed_organizations,r2_0.allowed_users,r2_0.created_at,r2_0.description,r2_0.email,"
            + "r2_0.name,r2_0.updated_at,r2_0.version,"
            + "u1_0.role,u1_0.roles,u1_0.tags,u1_0.two_factor_enabled,u1_0.updated_at,u1_0.version,pat1_0.version").split(","));
    static final String SQL = "select " + String.join(",", COLUMNS) + " from personal_access_token pat1_0"
            + " join app_user u1_0 on u1_0.id=pat1_0.user_id left join organization o1_0 on o1_0.id=u1_0.organization_id"
            + " left join reseller r1_0 on r1_0.id=o1_0.reseller_id left join reseller r2_0 on r2_0.id=u1_0.reseller_id"
            + " left join user_metadata m1_0 on u1_0.id=m1_0.user_id where pat1_0.id=$1 and pat1_0.account_id=$2 order by m1_0.position";
    static final byte[] NOT_FOUND = "{\"message\":\"Personal access token not found\",\"code\":\"not_found\"}".getBytes();
    static final byte[] UNAUTHORIZED = "{\"message\":\"Unauthorized\",\"code\":\"unauthorized\"}".getBytes();
    static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    static final int REMEMBERED_MAX = 10_000;
    static final long MAX_AGE_SECONDS = 86_400; // the service's mp.jwt.verify.token.age

    record Caller(UUID account, UUID user, boolean admin, long exp) {
    }

    static final JsonFactory JSON = new JsonFactory();
    static final Map<String, Caller> remembered = new ConcurrentHashMap<>();
    static JwtConsumer jwts;
    static Pool pool;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String pem = Files.readString(Path.of(args[1])).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        jwts = new JwtConsumerBuilder().setVerificationKey(key).setExpectedIssuer(args[2]).setExpectedAudience(args[3])
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256")
                .setRequireExpirationTime().setRequireIssuedAt().setRequireSubject().setAllowedClockSkewInSeconds(60).build();
        int loops = 2 * Runtime.getRuntime().availableProcessors(); // as Quarkus: two event loops a core
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        PgConnectOptions db = new PgConnectOptions().setHost(args[4]).setPort(Integer.parseInt(args[5])).setDatabase(args[6])
                .setUser(args[7]).setPassword(System.getenv("PGPASSWORD")).setCachePreparedStatements(true)
                .setProperties(Map.of("statement_timeout", "5000"));
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(20)).connectingTo(db).using(vertx).build(); // the service's max-size
        vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start() {
                vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(Peer::handle)
                        .listen().onFailure(e -> { e.printStackTrace(); System.exit(1); });
            }
        }, new DeploymentOptions().setInstances(loops)).onSuccess(id -> System.err.println("peer listening on 127.0.0.1:" + port));
    }

    static void handle(HttpServerRequest request) {
        String requestId = request.getHeader("X-Request-Id");
        if (requestId != null && REQUEST_ID.matcher(requestId).matches()) {
            request.response().putHeader("X-Request-Id", requestId);
        }
        String path = request.path();
        if (request.method() != io.vertx.core.http.HttpMethod.GET || !path.startsWith(PATH)) {
            answer(request, 404, NOT_FOUND);
            return;
        }
        Caller caller = caller(request.getHeader("Authorization"));
        if (caller == null) {
            request.response().putHeader("WWW-Authenticate", "Bearer");
            answer(request, 401, UNAUTHORIZED);
            return;
        }
        UUID id = uuid(path.substring(PATH.length()));
        if (id == null) {
            answer(request, 404, NOT_FOUND);
            return;
        }
        pool.preparedQuery(SQL).execute(Tuple.of(id, caller.account())).onComplete(done -> {
            if (done.failed()) {
                done.cause().printStackTrace();
                answer(request, 503, "{\"message\":\"Database unavailable\",\"code\":\"database_unavailable\"}".getBytes());
                return;
            }
            RowSet<Row> rows = done.result();
            Row first = rows.iterator().hasNext() ? rows.iterator().next() : null;
            if (first == null || !(caller.admin() || caller.user().equals(first.getUUID(col("u1_0.id"))))) {
                answer(request, 404, NOT_FOUND);
                return;
            }
            try {
                request.response().putHeader("ETag", "\"" + id + "-" + first.getLong(col("pat1_0.version")) + "\"");
                answer(request, 200, body(rows, first));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The id of the path; null when malformed (the service's Ids.parse: a canonical 36-character UUID). */
    static UUID uuid(String text) {
        try {
            UUID id = text.length() == 36 ? UUID.fromString(text) : null;
            return id != null && id.toString().equalsIgnoreCase(text) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static void answer(HttpServerRequest request, int status, byte[] body) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json;charset=UTF-8")
                .putHeader("Cache-Control", "no-store").end(Buffer.buffer(body));
    }

    /** The verified JWT's caller, remembered until its exp (or 24 h after its iat); null when refused. */
    static Caller caller(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String jwt = authorization.substring(7).trim();
        long now = System.currentTimeMillis() / 1000;
        Caller known = remembered.get(jwt);
        if (known != null && now < known.exp()) {
            return known;
        }
        try {
            JwtClaims claims = jwts.processToClaims(jwt);
            long iat = claims.getIssuedAt().getValue();
            if (now > iat + MAX_AGE_SECONDS) {
                return null;
            }
            List<String> groups = claims.hasClaim("groups") ? claims.getStringListClaimValue("groups") : List.of();
            Caller caller = new Caller(UUID.fromString(claims.getStringClaimValue("accountId")),
                    UUID.fromString(claims.getSubject()), groups.contains("admin"),
                    Math.min(claims.getExpirationTime().getValue(), iat + MAX_AGE_SECONDS));
            if (remembered.size() >= REMEMBERED_MAX) {
                remembered.clear(); // bounded: forget everything rather than grow
            }
            remembered.put(jwt, caller);
            return caller;
        } catch (Exception e) { // bad signature, issuer, audience, times, claims
            return null;
        }
    }

    static int col(String name) {
        return Index.OF.get(name);
    }

    static final class Index {
        static final Map<String, Integer> OF = new ConcurrentHashMap<>();
        static {
            for (int i = 0; i < COLUMNS.size(); i++) {
                OF.put(COLUMNS.get(i), i);
            }
        }
    }

    /** PersonalAccessTokenBody with its UserBody, OrganizationBody, ResellerBody and MetadataBody, in their order. */
    static byte[] body(RowSet<Row> rows, Row r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            uuid(g, "id", r, "pat1_0.id");
            time(g, "createdAt", r, "pat1_0.created_at");
            time(g, "updatedAt", r, "pat1_0.updated_at");
            text(g, "name", r, "pat1_0.name");
            time(g, "expiresAt", r, "pat1_0.expires_at");
            g.writeBooleanField("revoked", r.getBoolean(col("pat1_0.revoked")));
            array(g, "scopes", r, "pat1_0.scopes");
            uuid(g, "userId", r, "u1_0.id");
            g.writeObjectFieldStart("user");
            uuid(g, "id", r, "u1_0.id");
            time(g, "createdAt", r, "u1_0.created_at");
            time(g, "updatedAt", r, "u1_0.updated_at");
            String first = r.getString(col("u1_0.first_name")), last = r.getString(col("u1_0.last_name"));
            String name = ((first == null ? "" : first.trim()) + " " + (last == null ? "" : last.trim())).trim();
            g.writeStringField("name", name.isEmpty() ? null : name);
            text(g, "firstName", r, "u1_0.first_name");
            text(g, "lastName", r, "u1_0.last_name");
            text(g, "email", r, "u1_0.email");
            text(g, "role", r, "u1_0.role");
            g.writeBooleanField("twoFactorEnabled", r.getBoolean(col("u1_0.two_factor_enabled")));
            g.writeBooleanField("googleSsoEnabled", r.getBoolean(col("u1_0.google_sso_enabled")));
            time(g, "lastLoginAt", r, "u1_0.last_login_at");
            text(g, "company", r, "u1_0.company");
            g.writeBooleanField("allowCustomerPortalAccess", r.getBoolean(col("u1_0.allow_customer_portal_access")));
            array(g, "roles", r, "u1_0.roles");
            time(g, "lastSeenAt", r, "u1_0.last_seen_at");
            uuid(g, "organizationId", r, "o1_0.id");
            if (r.getUUID(col("o1_0.id")) == null) {
                g.writeNullField("organization");
            } else {
                g.writeObjectFieldStart("organization");
                uuid(g, "id", r, "o1_0.id");
                time(g, "createdAt", r, "o1_0.created_at");
                time(g, "updatedAt", r, "o1_0.updated_at");
                text(g, "name", r, "o1_0.name");
                text(g, "email", r, "o1_0.email");
                text(g, "description", r, "o1_0.description");
                integer(g, "allowedUsers", r, "o1_0.allowed_users");
                g.writeObjectFieldStart("address");
                text(g, "addressLine1", r, "o1_0.address_line1");
                text(g, "addressLine2", r, "o1_0.address_line2");
                text(g, "city", r, "o1_0.city");
                text(g, "state", r, "o1_0.state");
                text(g, "country", r, "o1_0.country");
                text(g, "postalCode", r, "o1_0.postal_code");
                g.writeEndObject();
                uuid(g, "resellerId", r, "r1_0.id");
                reseller(g, r, "r1_0.");
                g.writeEndObject();
            }
            uuid(g, "resellerId", r, "r2_0.id");
            reseller(g, r, "r2_0.");
            g.writeArrayFieldStart("metadata");
            for (Row m : rows) {
                if (m.getUUID(col("m1_0.id")) != null) {
                    g.writeStartObject();
                    uuid(g, "id", m, "m1_0.id");
                    time(g, "createdAt", m, "m1_0.created_at");
                    time(g, "updatedAt", m, "m1_0.updated_at");
                    text(g, "key", m, "m1_0.meta_key");
                    text(g, "value", m, "m1_0.meta_value");
                    array(g, "viewPermissions", m, "m1_0.view_permissions");
                    g.writeBooleanField("visible", m.getBoolean(col("m1_0.visible")));
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            array(g, "tags", r, "u1_0.tags");
            g.writeObjectFieldStart("emailPreference");
            g.writeBooleanField("metrics", r.getBoolean(col("u1_0.email_metrics")));
            g.writeEndObject();
            g.writeEndObject(); // user
            time(g, "lastUsedAt", r, "pat1_0.last_used_at");
            time(g, "lastRotatedAt", r, "pat1_0.last_rotated_at");
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    static void reseller(JsonGenerator g, Row r, String a) throws IOException {
        if (r.getUUID(col(a + "id")) == null) {
            g.writeNullField("reseller");
            return;
        }
        g.writeObjectFieldStart("reseller");
        uuid(g, "id", r, a + "id");
        time(g, "createdAt", r, a + "created_at");
        time(g, "updatedAt", r, a + "updated_at");
        text(g, "name", r, a + "name");
        text(g, "email", r, a + "email");
        text(g, "description", r, a + "description");
        integer(g, "allowedUsers", r, a + "allowed_users");
        integer(g, "allowedOrganizations", r, a + "allowed_organizations");
        g.writeEndObject();
    }

    static void uuid(JsonGenerator g, String field, Row r, String column) throws IOException {
        UUID value = r.getUUID(col(column));
        g.writeStringField(field, value == null ? null : value.toString());
    }

    static void text(JsonGenerator g, String field, Row r, String column) throws IOException {
        g.writeStringField(field, r.getString(col(column)));
    }

    static void integer(JsonGenerator g, String field, Row r, String column) throws IOException {
        Integer value = r.getInteger(col(column));
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, value);
        }
    }

    /** Whole seconds in UTC, as the service's ApiTime and Jackson's Instant serializer write them. */
    static void time(JsonGenerator g, String field, Row r, String column) throws IOException {
        OffsetDateTime value = r.getOffsetDateTime(col(column));
        g.writeStringField(field, value == null ? null : Instant.ofEpochSecond(value.toEpochSecond()).toString());
    }

    /** A stored text array as the service's StoredArrays shows it: in order, each value once, no null. */
    static void array(JsonGenerator g, String field, Row r, String column) throws IOException {
        String[] values = r.getArrayOfStrings(col(column));
        g.writeArrayFieldStart(field);
        if (values != null) {
            for (String value : Arrays.stream(values).filter(Objects::nonNull).distinct().toList()) {
                g.writeString(value);
            }
        }
        g.writeEndArray();
    }
}
