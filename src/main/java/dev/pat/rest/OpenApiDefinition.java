package dev.pat.rest;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** Document-level OpenAPI facts: title and the bearer scheme (a JWT or a personal access token). */
@OpenAPIDefinition(info = @Info(title = "Personal access token API", version = "3"))
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
        description = "A JWT signed by the configured issuer, or a personal access token secret")
public final class OpenApiDefinition {

    private OpenApiDefinition() {
    }
}
