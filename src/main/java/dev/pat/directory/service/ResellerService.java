package dev.pat.directory.service;

import dev.pat.crud.CrudService;
import dev.pat.crud.CrudSupport;
import dev.pat.crud.InputValidation;
import dev.pat.directory.api.ResellerBody;
import dev.pat.directory.api.ResellerInput;
import dev.pat.directory.model.Reseller;
import dev.pat.directory.repository.ResellerRepository;
import dev.pat.listing.ListQuery;
import dev.pat.listing.ListSpec;
import dev.pat.listing.Page;
import dev.pat.platform.Transaction;
import dev.pat.platform.Transactions;
import dev.pat.security.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;

/** Resellers of the caller's account. */
@Singleton
public class ResellerService extends CrudService<Reseller, ResellerInput, ResellerBody> {

    private final ResellerRepository resellers;

    public ResellerService(ResellerRepository resellers, CrudSupport support) {
        super(support, "reseller", resellers, Reseller::new, ResellerBody::from);
        this.resellers = resellers;
    }

    @Override
    protected ResellerInput writable(Reseller reseller) {
        return new ResellerInput(reseller.name, reseller.email, reseller.description, reseller.allowedUsers,
                reseller.allowedOrganizations);
    }

    @Override
    protected Uni<Void> apply(Caller caller, Reseller reseller, ResellerInput body, Instant now) {
        reseller.describe(body.name(), body.email(), body.description(), body.allowedUsers());
        reseller.allowedOrganizations = body.allowedOrganizations();
        reseller.updatedAt = now;
        return Uni.createFrom().voidItem();
    }

    /** Refused with 409 while users or organizations still point at the reseller. */
    @Override
    protected Uni<Void> remove(Transaction transaction, Caller caller, Reseller reseller) {
        return deleteUnlessUsed(reseller, resellers.countDependants(reseller.id), "reseller_in_use", "reseller",
                "users or organizations");
    }
}
