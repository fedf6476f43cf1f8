package dev.pat.service;

import dev.pat.api.ResellerBody;
import dev.pat.api.ResellerWriteBody;
import dev.pat.model.Reseller;
import dev.pat.query.ListQuery;
import dev.pat.query.ListSpec;
import dev.pat.query.Page;
import dev.pat.repository.ResellerRepository;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.UUID;

/** Resellers of the caller's account. */
@Singleton
public class ResellerService extends DirectoryService<Reseller, ResellerWriteBody, ResellerBody> {

    /** What its list accepts; also read by the OpenAPI document. */
    public static final ListSpec LIST_SPEC = ResellerRepository.LIST_SPEC;

    private final ResellerRepository resellers;

    public ResellerService(ResellerRepository resellers, Transactions transactions, InputValidation validation,
            InstantSource clock) {
        super(transactions, validation, clock, "reseller");
        this.resellers = resellers;
    }

    @Override
    public ListSpec listSpec() {
        return LIST_SPEC;
    }

    @Override
    protected Uni<Reseller> findInAccount(UUID accountId, UUID id) {
        return resellers.findInAccount(accountId, id);
    }

    @Override
    protected Uni<Page<Reseller>> page(UUID accountId, ListQuery query) {
        return resellers.list(accountId, query);
    }

    @Override
    protected Reseller newRow() {
        return new Reseller();
    }

    @Override
    protected ResellerWriteBody writable(Reseller reseller) {
        return new ResellerWriteBody(reseller.name, reseller.email, reseller.description, reseller.allowedUsers,
                reseller.allowedOrganizations);
    }

    @Override
    protected Uni<Void> apply(Caller caller, Reseller reseller, ResellerWriteBody body, Instant now) {
        reseller.name = body.name().strip();
        reseller.email = body.email();
        reseller.description = body.description();
        reseller.allowedUsers = body.allowedUsers();
        reseller.allowedOrganizations = body.allowedOrganizations();
        reseller.updatedAt = now;
        return Uni.createFrom().voidItem();
    }

    @Override
    protected ResellerBody body(Reseller reseller) {
        return ResellerBody.from(reseller);
    }

    @Override
    protected Uni<Reseller> insert(Reseller reseller) {
        return resellers.persistAndFlush(reseller);
    }

    @Override
    protected Uni<Void> flush() {
        return resellers.flush();
    }

    /** Refused with 409 while users or organizations still point at the reseller. */
    @Override
    protected Uni<Void> remove(Reseller reseller) {
        return resellers.countDependants(reseller.id).flatMap(dependants -> {
            if (dependants > 0) {
                return Uni.createFrom().failure(ServiceException.conflict("reseller_in_use",
                        "The reseller still has " + dependants + " users or organizations; move them first"));
            }
            return resellers.delete(reseller).call(resellers::flush);
        });
    }
}
