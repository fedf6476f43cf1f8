package dev.pat.crud;

import dev.pat.listing.ListGate;
import dev.pat.platform.Transactions;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/**
 * What every {@link CrudService} stands on: the transaction style, the body validation, the service
 * clock, and the gate that bounds one account's lists at once.
 */
@Singleton
public record CrudSupport(Transactions transactions, InputValidation validation, InstantSource clock, ListGate lists) {
}
