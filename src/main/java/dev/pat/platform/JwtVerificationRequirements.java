package dev.pat.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * What a production instance requires of JWT verification, so that it accepts only the tokens its
 * identity provider made for this service: a verification key and an issuer (without them no token
 * is accepted, or any issuer's); an audience (without it a token the same provider issued for any
 * other application would be accepted here, its groups included: an {@code admin} there would
 * administer its account here); keys read from a file or fetched over https (over plain http
 * whoever is on the path could hand the service keys of their own, and with them any token).
 *
 * <p>The audience and the https transport can each be waived by a setting of its own, for a
 * provider that cannot do better; the waiver is then said at every start.
 */
final class JwtVerificationRequirements {

    /** {@code PAT_JWT_ALLOW_NO_AUDIENCE}: start without {@code MP_JWT_VERIFY_AUDIENCES}. */
    static final String ALLOW_NO_AUDIENCE = "pat.jwt.allow-no-audience";
    /** {@code PAT_JWT_ALLOW_PLAIN_HTTP_KEYS}: fetch the key set from an {@code http://} location. */
    static final String ALLOW_PLAIN_HTTP_KEYS = "pat.jwt.allow-plain-http-keys";

    private static final String KEY_LOCATION = "mp.jwt.verify.publickey.location";
    /** SmallRye's own name for the same setting. */
    private static final String SMALLRYE_KEY_LOCATION = "smallrye.jwt.verify.key.location";

    /** What stops the start, each naming what to set; what was waived, each to be said at the start. */
    record Findings(List<String> refusals, List<String> waivers) {
    }

    private JwtVerificationRequirements() {
    }

    static Findings of(Config config) {
        List<String> refusals = new ArrayList<>();
        List<String> waivers = new ArrayList<>();
        Optional<String> location = value(config, KEY_LOCATION).or(() -> value(config, SMALLRYE_KEY_LOCATION));
        if (location.isEmpty() && value(config, "mp.jwt.verify.publickey").isEmpty()) {
            refusals.add("set MP_JWT_VERIFY_PUBLICKEY_LOCATION (a PEM or JWKS file, or the https:// URL of the identity provider's JWKS)");
        }
        if (value(config, "mp.jwt.verify.issuer").isEmpty()) {
            refusals.add("set MP_JWT_VERIFY_ISSUER (the iss claim of the identity provider's tokens)");
        }
        if (value(config, "mp.jwt.verify.audiences").isEmpty()) {
            if (allowed(config, ALLOW_NO_AUDIENCE)) {
                waivers.add("PAT_JWT_ALLOW_NO_AUDIENCE=true and MP_JWT_VERIFY_AUDIENCES is not set: a JWT the identity provider"
                        + " issued for any other application is accepted here, its groups included (an admin there administers"
                        + " its account here). Set MP_JWT_VERIFY_AUDIENCES to the aud value of this service's tokens.");
            } else {
                refusals.add("set MP_JWT_VERIFY_AUDIENCES (the aud value the identity provider puts in tokens meant for this"
                        + " service; without it a token it issued for any other application would be accepted here, groups"
                        + " included), or PAT_JWT_ALLOW_NO_AUDIENCE=true to accept them knowingly");
            }
        }
        location.map(String::strip).filter(JwtVerificationRequirements::plainHttp).ifPresent(url -> {
            if (allowed(config, ALLOW_PLAIN_HTTP_KEYS)) {
                waivers.add("PAT_JWT_ALLOW_PLAIN_HTTP_KEYS=true: the JWT verification keys are fetched over plain http from " + url
                        + "; whoever is on that path can make this service accept tokens of their own. Use its https:// URL.");
            } else {
                refusals.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION is a plain http:// URL (" + url + "): whoever is on that path could"
                        + " hand this service keys of their own; give its https:// URL or a file, or set"
                        + " PAT_JWT_ALLOW_PLAIN_HTTP_KEYS=true to accept it knowingly");
            }
        });
        return new Findings(List.copyOf(refusals), List.copyOf(waivers));
    }

    private static boolean plainHttp(String location) {
        return location.toLowerCase(Locale.ROOT).startsWith("http://");
    }

    private static boolean allowed(Config config, String name) {
        return config.getOptionalValue(name, Boolean.class).orElse(false);
    }

    private static Optional<String> value(Config config, String name) {
        return config.getOptionalValue(name, String.class).filter(value -> !value.isBlank());
    }
}
