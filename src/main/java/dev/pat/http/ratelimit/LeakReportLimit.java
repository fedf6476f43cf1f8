package dev.pat.http.ratelimit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the endpoint that takes leaked-secret reports without a credential: beside the address
 * limit, each client address gets a far smaller budget of its own for it. Found on the matched
 * resource method, so no spelling of the path escapes it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface LeakReportLimit {
}
