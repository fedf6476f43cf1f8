package dev.pat.service;

import dev.pat.api.FieldError;
import dev.pat.api.WebhookBody;
import dev.pat.api.WebhookDeliveryBody;
import dev.pat.api.WebhookWriteBody;
import dev.pat.model.StoredArrays;
import dev.pat.model.Webhook;
import dev.pat.query.ListQuery;
import dev.pat.query.ListSpec;
import dev.pat.query.Page;
import dev.pat.repository.DeliveryRepository;
import dev.pat.repository.WebhookRepository;
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
 * with is answered once, to the create; it can be replaced by a PATCH but never read back.
 */
@Singleton
public class WebhookService extends DirectoryService<Webhook, WebhookWriteBody, WebhookBody> {

    /** What its list accepts; also read by the OpenAPI document. */
    public static final ListSpec LIST_SPEC = WebhookRepository.LIST_SPEC;
    public static final ListSpec DELIVERY_LIST_SPEC = DeliveryRepository.LIST_SPEC;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;
    private final WebhookAddresses addresses;
    private final Transactions transactions;

    public WebhookService(WebhookRepository webhooks, DeliveryRepository deliveries, WebhookAddresses addresses,
            Transactions transactions, InputValidation validation, InstantSource clock) {
        super(transactions, validation, clock, "webhook");
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.addresses = addresses;
        this.transactions = transactions;
    }

    /** Creates the webhook; the answer, and only this one, shows its secret (generated when the body has none). */
    @Override
    public Uni<Versioned<WebhookBody>> create(Caller caller, WebhookWriteBody body) {
        String secret = body == null || body.secret() == null ? "whsec_" + HexFormat.of().formatHex(randomBytes()) : body.secret();
        WebhookWriteBody withSecret = body == null ? null : new WebhookWriteBody(body.url(), body.events(), secret, body.active());
        return super.create(caller, withSecret)
                .map(created -> new Versioned<>(created.body().withSecret(secret), created.id(), created.version()));
    }

    /** The webhook's deliveries, newest first unless sorted otherwise. */
    public Uni<Page<WebhookDeliveryBody>> deliveries(Caller caller, String id, ListQuery query) {
        UUID webhookId = Ids.parse(id).orElse(null);
        if (webhookId == null) {
            return Uni.createFrom().failure(ServiceException.notFound("Webhook"));
        }
        return transactions.read(() -> webhooks.findInAccount(caller.accountId(), webhookId)
                .onItem().ifNull().failWith(() -> ServiceException.notFound("Webhook"))
                .flatMap(webhook -> deliveries.list(caller.accountId(), webhookId, query))
                .map(page -> page.map(WebhookDeliveryBody::from)));
    }

    @Override
    public ListSpec listSpec() {
        return LIST_SPEC;
    }

    @Override
    protected void check(WebhookWriteBody body, List<FieldError> errors) {
        addresses.check(body.url(), errors);
        if (body.events() != null) {
            for (int i = 0; i < body.events().size(); i++) {
                String event = body.events().get(i);
                if (event != null && TokenNotice.named(event).isEmpty()) {
                    errors.add(new FieldError("events[" + i + "]", "must be one of " + String.join(", ", TokenNotice.NAMES)));
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
    protected Uni<Webhook> findInAccount(UUID accountId, UUID id) {
        return webhooks.findInAccount(accountId, id);
    }

    @Override
    protected Uni<Page<Webhook>> page(UUID accountId, ListQuery query) {
        return webhooks.list(accountId, query);
    }

    @Override
    protected Webhook newRow() {
        return new Webhook();
    }

    @Override
    protected WebhookWriteBody writable(Webhook webhook) {
        return new WebhookWriteBody(webhook.url, StoredArrays.values(webhook.events), webhook.secret, webhook.active);
    }

    @Override
    protected Uni<Void> apply(Caller caller, Webhook webhook, WebhookWriteBody body, Instant now) {
        webhook.url = body.url().strip();
        webhook.events = new LinkedHashSet<>(body.events()).toArray(String[]::new);
        webhook.secret = body.secret();
        webhook.active = body.active() == null || body.active();
        webhook.updatedAt = now;
        return Uni.createFrom().voidItem();
    }

    @Override
    protected WebhookBody body(Webhook webhook) {
        return WebhookBody.from(webhook);
    }

    @Override
    protected Uni<Webhook> insert(Webhook webhook) {
        return webhooks.persistAndFlush(webhook);
    }

    @Override
    protected Uni<Void> flush() {
        return webhooks.flush();
    }

    /** Its deliveries go with it. */
    @Override
    protected Uni<Void> remove(Webhook webhook) {
        return webhooks.delete(webhook).call(webhooks::flush);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
