package dev.pat.demo;

import dev.pat.directory.api.AddressInput;
import dev.pat.directory.api.EmailPreferenceInput;
import dev.pat.directory.api.MetadataInput;
import dev.pat.directory.api.OrganizationInput;
import dev.pat.directory.api.ResellerInput;
import dev.pat.directory.api.UserInput;
import dev.pat.directory.repository.UserRepository;
import dev.pat.directory.service.OrganizationService;
import dev.pat.directory.service.ResellerService;
import dev.pat.directory.service.UserService;
import dev.pat.platform.Transactions;
import dev.pat.security.Caller;
import dev.pat.security.Scopes;
import dev.pat.token.api.CreatePersonalAccessToken;
import dev.pat.token.model.PersonalAccessToken;
import dev.pat.token.repository.PersonalAccessTokenRepository;
import dev.pat.token.service.TokenCreation;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;

/**
 * The demo dataset: two accounts with resellers, organizations, users with metadata, and tokens,
 * created through the same services as the API when the database has no users yet. In dev mode
 * it also prints a ready-to-paste curl line with a JWT of the demo administrator.
 */
@Singleton
public record DemoData(ResellerService resellers, OrganizationService organizations, UserService users, TokenCreation tokens,
        UserRepository userRows, PersonalAccessTokenRepository tokenRows, Transactions transactions, DemoConfig demo,
        Config config) {

    static final UUID ACME_ACCOUNT = UUID.fromString("0d3f6a52-6b4e-4c1f-9a55-7c1a2d9e0001");
    static final UUID GLOBEX_ACCOUNT = UUID.fromString("0d3f6a52-6b4e-4c1f-9a55-7c1a2d9e0002");

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (!demo.enabled()) {
            return;
        }
        PersonalAccessToken adminToken;
        try {
            adminToken = VertxContextSupport.subscribeAndAwait(() -> loadIfEmpty().flatMap(ignored -> firstAdminToken()));
        } catch (RuntimeException e) {
            // The service must start during a database outage; the demo data simply waits for the next start.
            Log.warnf("Demo dataset not loaded: %s", e.getMessage());
            return;
        }
        if (adminToken != null && LaunchMode.current() == LaunchMode.DEVELOPMENT) {
            printCurlLine(adminToken);
        }
    }

    /** In one transaction: the services' own transactions join it, so a load that fails half way leaves nothing. */
    private Uni<Void> loadIfEmpty() {
        return transactions.write(transaction -> userRows.count().flatMap(count -> count > 0 ? Uni.createFrom().voidItem() : load()));
    }

    private Uni<Void> load() {
        Log.info("Loading the demo dataset (two accounts)");
        return account(ACME_ACCOUNT, "Northwind Resellers", "Acme Corporation", "Grace", "Hopper", "grace@acme.example",
                "Alan", "Turing", "alan@acme.example")
                .flatMap(ignored -> account(GLOBEX_ACCOUNT, "Southwind Partners", "Globex Inc", "Hank", "Scorpio",
                        "hank@globex.example", "Frank", "Grimes", "frank@globex.example"));
    }

    private Uni<Void> account(UUID accountId, String resellerName, String organizationName, String adminFirst, String adminLast,
            String adminEmail, String userFirst, String userLast, String userEmail) {
        Caller setup = new Caller(UUID.randomUUID(), accountId, true, null, null);
        return resellers.create(setup, new ResellerInput(resellerName, "sales@" + domain(resellerName),
                        "Sells the platform in its region", 500, 20))
                .flatMap(reseller -> organizations.create(setup, new OrganizationInput(organizationName, "it@" + domain(organizationName),
                                "A demo customer", 50,
                                new AddressInput("1 Demo Street", "Floor 3", "Springfield", "IL", "US", "62701"), reseller.body().id()))
                        .flatMap(organization -> users.create(setup, user(adminFirst, adminLast, adminEmail, "admin",
                                        organization.body().id(), reseller.body().id()))
                                .flatMap(admin -> users.create(setup, user(userFirst, userLast, userEmail, "user",
                                                organization.body().id(), reseller.body().id()))
                                        .flatMap(member -> tokens.create(caller(accountId, admin.body().id(), true),
                                                        new CreatePersonalAccessToken("Demo admin token", null, List.copyOf(Scopes.ALL), null))
                                                .flatMap(ignored -> tokens.create(caller(accountId, member.body().id(), false),
                                                        new CreatePersonalAccessToken("Demo CI token", null,
                                                                List.of(Scopes.TOKEN_READ), null)))))))
                .replaceWithVoid();
    }

    private static UserInput user(String first, String last, String email, String role, String organizationId, String resellerId) {
        return new UserInput(first, last, email, role, "Demo Company", true, organizationId, resellerId,
                List.of("demo", role), new EmailPreferenceInput(true),
                List.of(new MetadataInput("plan", "enterprise", List.of("activation", "organization"), true),
                        new MetadataInput("region", "eu-west", List.of("user"), true),
                        new MetadataInput("internalNote", "created by the demo loader", List.of("reseller"), false)));
    }

    private static Caller caller(UUID accountId, String userId, boolean admin) {
        return new Caller(UUID.fromString(userId), accountId, admin, null, null);
    }

    private Uni<PersonalAccessToken> firstAdminToken() {
        return transactions.read(() -> tokenRows.find("from PersonalAccessToken t join fetch t.user u where t.accountId = ?1 and u.role = 'admin'"
                + " order by t.createdAt", ACME_ACCOUNT).firstResult());
    }

    private void printCurlLine(PersonalAccessToken token) {
        String issuer = config.getOptionalValue("mp.jwt.verify.issuer", String.class).orElse(null);
        if (issuer == null || config.getOptionalValue("smallrye.jwt.sign.key.location", String.class).isEmpty()) {
            return;
        }
        String jwt = Jwt.issuer(issuer)
                .subject(token.user.id.toString())
                .claim("accountId", token.accountId.toString())
                .groups("admin")
                .expiresIn(Duration.ofHours(12))
                .sign();
        int port = config.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        Log.infof("%n%nDemo administrator JWT (valid 12 hours). Try:%n%n  curl -s -H 'Authorization: Bearer %s' http://localhost:%d/v3/personal-access-tokens/%s%n",
                jwt, port, token.id);
    }

    private static String domain(String name) {
        return name.toLowerCase().replaceAll("[^a-z]+", "-").replaceAll("(^-|-$)", "") + ".example";
    }
}
