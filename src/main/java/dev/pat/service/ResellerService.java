package dev.pat.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pat.model.Reseller;
import dev.pat.repository.ListRequest;
import dev.pat.repository.Page;
import dev.pat.repository.ResellerRepository;
import dev.pat.rest.ResellerBody;
import dev.pat.rest.ResellerInput;
import dev.pat.security.Caller;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Resellers of the caller's account: create, read, list, update, delete. */
@ApplicationScoped
public class ResellerService {

    private final ResellerRepository resellers;
    private final InputValidation validation;

    public ResellerService(ResellerRepository resellers, InputValidation validation) {
        this.resellers = resellers;
        this.validation = validation;
    }

    @WithTransaction
    public Uni<Versioned<ResellerBody>> create(Caller caller, ResellerInput input) {
        return Uni.createFrom().item(() -> validation.validate(input, "reseller")).flatMap(valid -> {
            Instant now = Instant.now();
            Reseller reseller = new Reseller();
            reseller.id = Ids.next();
            reseller.accountId = caller.accountId();
            reseller.createdAt = now;
            apply(reseller, valid, now);
            return resellers.persistAndFlush(reseller).map(ResellerService::versioned);
        });
    }

    @WithSession
    public Uni<Versioned<ResellerBody>> get(Caller caller, String id) {
        return find(caller, id).map(ResellerService::versioned);
    }

    @WithSession
    public Uni<Page<ResellerBody>> list(Caller caller, Map<String, List<String>> parameters) {
        return Uni.createFrom().item(() -> ListRequest.parse(parameters, ResellerRepository.LIST_SPEC, "createdAt"))
                .flatMap(request -> resellers.page(caller.accountId(), request)
                        .flatMap(items -> resellers.countMatching(caller.accountId(), request)
                                .map(total -> new Page<>(items.stream().map(ResellerBody::from).toList(), total,
                                        request.page(), request.limit()))));
    }

    @WithTransaction
    public Uni<Versioned<ResellerBody>> update(Caller caller, String id, String ifMatch, ObjectNode patch) {
        return find(caller, id).flatMap(reseller -> {
            IfMatch.check(ifMatch, Versioned.etag(reseller.id, reseller.version));
            apply(reseller, validation.merge(input(reseller), patch, ResellerInput.class, "reseller"), Instant.now());
            return resellers.flush().map(ignored -> versioned(reseller));
        });
    }

    /** Refused with 409 while users or organizations still point at the reseller. */
    @WithTransaction
    public Uni<Void> delete(Caller caller, String id, String ifMatch) {
        return find(caller, id).flatMap(reseller -> {
            IfMatch.check(ifMatch, Versioned.etag(reseller.id, reseller.version));
            return resellers.countDependants(reseller.id).flatMap(dependants -> {
                if (dependants > 0) {
                    return Uni.createFrom().failure(ServiceException.conflict("reseller_in_use",
                            "The reseller still has " + dependants + " users or organizations; move them first"));
                }
                return resellers.delete(reseller).call(resellers::flush);
            });
        });
    }

    private Uni<Reseller> find(Caller caller, String id) {
        return Ids.parse(id).map(uuid -> resellers.findInAccount(caller.accountId(), uuid))
                .orElseGet(() -> Uni.createFrom().nullItem())
                .onItem().ifNull().failWith(() -> ServiceException.notFound("Reseller"));
    }

    private static void apply(Reseller reseller, ResellerInput input, Instant now) {
        reseller.name = input.name().strip();
        reseller.email = input.email();
        reseller.description = input.description();
        reseller.allowedUsers = input.allowedUsers();
        reseller.allowedOrganizations = input.allowedOrganizations();
        reseller.updatedAt = now;
    }

    private static ResellerInput input(Reseller reseller) {
        return new ResellerInput(reseller.name, reseller.email, reseller.description, reseller.allowedUsers,
                reseller.allowedOrganizations);
    }

    private static Versioned<ResellerBody> versioned(Reseller reseller) {
        return Versioned.of(ResellerBody.from(reseller), reseller.id, reseller.version);
    }
}
