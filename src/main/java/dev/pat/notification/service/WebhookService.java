package dev.pat.notification.service;

import dev.pat.crud.CrudService;
import dev.pat.crud.CrudSupport;
import dev.pat.crud.InputValidation;
import dev.pat.crud.StoredArrays;
import dev.pat.crud.Versioned;
import dev.pat.listing.ListGate;
import dev.pat.listing.ListQuery;
import dev.pat.listing.ListSpec;
import dev.pat.listing.Page;
import dev.pat.notification.WebhookConfig;
import dev.pat.notification.api.WebhookBody;
import dev.pat.notification.api.WebhookDeliveryBody;
import dev.pat.notification.api.WebhookInput;
import dev.pat.notification.delivery.WebhookAddresses;
import dev.pat.notification.model.Webhook;
import dev.pat.notification.repository.DeliveryRepository;
import dev.pat.notification.repository.WebhookRepository;
import dev.pat.platform.FieldError;
import dev.pat.platform.Ids;
import dev.pat.platform.ServiceException;
import dev.pat.platform.Transaction;
import dev.pat.platform.Transactions;
import dev.pat.security.Caller;
import dev.pat.token.change.TokenEvent;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Webhooks of the caller's account, and the deliveries made to them. The secret a webhook signs
 * with is answered once, to the create; it can be replaced by a PATCH but never read back. A deleted
 * webhook's deliveries go with it.
 */
@Singleton
public class WebhookService extends CrudService<Webhook, WebhookInput, WebhookBody> {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;
    private final WebhookAddresses addresses;
    private final Transactions transactions;
    private final ListGate lists;
    private final int maxPerAccount;

    public WebhookService(WebhookRepository webhooks, DeliveryRepository deliveries, WebhookAddresses addresses, CrudSupport support,
            WebhookConfig config) {
        super(support, "webhook", webhooks, Webhook::new, WebhookBody::from);
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.addresses = addresses;
        this.transactions = support.transactions();
        this.lists = support.lists();
        this.maxPerAccount = config.maxPerAccount();
    }

    /**
     * Creates the webhook, unless the account holds {@code pat.webhooks.max-per-account} already (each
     * one is a copy of every event: the cap bounds what one change fans out to). The answer, and
     * only this one, shows its secret (generated when the body has none).
     */
    @Override
    public Uni<Versioned<WebhookBody>> create(Caller caller, WebhookInput body) {
        String secret = body == null || body.secret() == null ? "whsec_" + HexFormat.of().formatHex(randomBytes()) : body.secret();
        WebhookInput withSecret = body == null ? null : new WebhookInput(body.url(), body.events(), secret, body.active());
        // The count and the insert in one transaction, behind the account's lock: concurrent creates cannot pass the cap together.
        return transactions.write(transaction -> webhooks.lockAndCount(caller.accountId()).flatMap(held -> held >= maxPerAccount
                        ? Uni.createFrom().failure(ServiceException.conflict("too_many_webhooks",
                                "The account already has " + held + " webhooks, the most allowed"))
                        : super.create(caller, withSecret)))
                .map(created -> new Versioned<>(created.body().withSecret(secret), created.id(), created.version()));
    }

    /** The webhook's deliveries, newest first unless sorted otherwise. */
    public Uni<Page<WebhookDeliveryBody>> deliveries(Caller caller, String id, ListQuery query) {
        UUID webhookId = Ids.parse(id).orElse(null);
        if (webhookId == null) {
            return Uni.createFrom().failure(ServiceException.notFound("Webhook"));
        }
        return lists.run(caller.accountId(), () -> transactions.read(() -> webhooks.findInAccount(caller.accountId(), webhookId)
                .onItem().ifNull().failWith(() -> ServiceException.notFound("Webhook"))
                .flatMap(webhook -> deliveries.list(caller.accountId(), webhookId, query))
                .map(page -> page.map(WebhookDeliveryBody::from))));
    }

    @Override
    protected void check(WebhookInput body, List<FieldError> errors) {
        addresses.check(body.url(), errors);
        if (body.events() != null) {
            for (int i = 0; i < body.events().size(); i++) {
                String event = body.events().get(i);
                if (event != null && TokenEvent.named(event).isEmpty()) {
                    errors.add(new FieldError("events[" + i + "]", "must be one of " + String.join(", ", TokenEvent.WIRE_NAMES)));
                }
            }
        }
        if (body.secret() == null) {
            errors.add(new FieldError("secret", "cannot be removed; send a new one to replace it"));
        } else if (!body.secret().chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            errors.add(new FieldError("secret", "must be printable ASCII without spaces"));
        }
    }

    @Override
    protected WebhookInput writable(Webhook webhook) {
        return new WebhookInput(webhook.url, StoredArrays.values(webhook.events), webhook.secret, webhook.active);
    }

    @Override
    protected Uni<Void> apply(Caller caller, Webhook webhook, WebhookInput body, Instant now) {
        webhook.url = body.url().strip();
        webhook.events = new LinkedHashSet<>(body.events()).toArray(String[]::new);
        webhook.secret = body.secret();
        webhook.active = body.active() == null || body.active();
        webhook.updatedAt = now;
        return Uni.createFrom().voidItem();
    }


    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
