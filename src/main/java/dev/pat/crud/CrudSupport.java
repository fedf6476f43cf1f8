package dev.pat.crud;

import dev.pat.platform.Transactions;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/** What every {@link CrudService} stands on: the transaction style, the body validation and the service clock. */
@Singleton
public record CrudSupport(Transactions transactions, InputValidation validation, InstantSource clock) {
}
