package dev.pat.credential.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A personal access token secret presented as a bearer credential. */
public class PatAuthenticationRequest extends BaseAuthenticationRequest {

    private final String secret;

    public PatAuthenticationRequest(String secret) {
        this.secret = secret;
    }

    public String secret() {
        return secret;
    }
}
