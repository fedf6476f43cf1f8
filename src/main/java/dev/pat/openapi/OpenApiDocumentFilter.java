package dev.pat.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pat.directory.DirectoryListings;
import dev.pat.listing.ListQuery;
import dev.pat.listing.ListSpec;
import dev.pat.listing.Page;
import dev.pat.notification.NotificationListings;
import dev.pat.token.TokenListing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes the OpenAPI document where annotations would repeat themselves or drift: every error
 * status with the Error body on every operation, the query parameters of each list taken from the
 * same {@link ListSpec} and operator sets the parser uses (so the document cannot promise a filter
 * the service refuses), the response headers with their schemas, and the seed's token as the
 * example of its schema. It runs at build time; the document is static.
 */
public class OpenApiDocumentFilter implements OASFilter {

    static final String ERROR_SCHEMA = "Error";
    static final String FIELD_ERROR_SCHEMA = "FieldError";

    private static final Map<String, String> ERRORS = Map.ofEntries(
            Map.entry("400", "The request is invalid"),
            Map.entry("401", "Missing, malformed, expired or refused credential"),
            Map.entry("403", "The credential lacks the required scope or role"),
            Map.entry("404", "No such resource in the caller's reach"),
            Map.entry("405", "Method not allowed"),
            Map.entry("406", "Only application/json can be produced"),
            Map.entry("415", "Only application/json is accepted"),
            Map.entry("429", "Too many requests; retry after the Retry-After delay"),
            Map.entry("500", "Unexpected error"),
            Map.entry("503", "The database is unavailable; retry after the Retry-After delay"));

    /** The list operations and what they accept, by operationId. */
    private static final String TOKEN_LIST = "listPersonalAccessTokens";
    private static final Map<String, ListSpec> LISTS = Map.of(
            TOKEN_LIST, TokenListing.TOKENS,
            "listResellers", DirectoryListings.RESELLERS,
            "listOrganizations", DirectoryListings.ORGANIZATIONS,
            "listUsers", DirectoryListings.USERS,
            "listWebhooks", NotificationListings.WEBHOOKS,
            "listWebhookDeliveries", NotificationListings.DELIVERIES);

    private static final String TOKEN_EXAMPLE = "openapi/personal-access-token-example.json";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(FIELD_ERROR_SCHEMA, fieldErrorSchema());
        openAPI.getComponents().addSchema(ERROR_SCHEMA, errorSchema());
        Schema token = openAPI.getComponents().getSchemas().get("PersonalAccessToken");
        if (token != null) {
            token.setExample(tokenExample());
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(operation -> {
            addErrors(operation);
            addSuccessHeaders(operation);
            ListSpec list = LISTS.get(operation.getOperationId());
            if (list != null) {
                addListParameters(operation, list);
            }
        }));
    }

    private static Schema fieldErrorSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("The request field or parameter at fault"))
                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING).description("What is wrong with it"))
                .required(List.of("field", "message"));
    }

    private static Schema errorSchema() {
        Schema fieldError = OASFactory.createSchema().ref(FIELD_ERROR_SCHEMA);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("Every error: a human-readable message, a stable machine-readable code, and for validation"
                        + " failures the fields at fault")
                .addProperty("message", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("code", OASFactory.createSchema().addType(Schema.SchemaType.STRING).example("not_found"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError))
                .required(List.of("message", "code"));
    }

    private void addErrors(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        for (Map.Entry<String, String> error : new TreeMap<>(ERRORS).entrySet()) {
            APIResponse response = responses.getAPIResponse(error.getKey());
            if (response == null) {
                response = OASFactory.createAPIResponse()
                        .description(error.getValue())
                        .content(OASFactory.createContent().addMediaType("application/json",
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ERROR_SCHEMA))));
                responses.addAPIResponse(error.getKey(), response);
            }
            if (error.getKey().equals("429") || error.getKey().equals("503")) {
                response.addHeader("Retry-After", header("Seconds to wait before trying again", Schema.SchemaType.INTEGER));
            }
        }
    }

    /** ETag on what answers one resource, Location on what creates one, the page headers on lists. */
    private static void addSuccessHeaders(Operation operation) {
        String id = operation.getOperationId() == null ? "" : operation.getOperationId();
        APIResponses responses = operation.getResponses();
        APIResponse ok = responses.getAPIResponse("200");
        APIResponse created = responses.getAPIResponse("201");
        if (LISTS.containsKey(id) && ok != null) {
            String always = id.equals(TOKEN_LIST) ? "; an unfiltered list is counted exactly at any size" : "";
            ok.addHeader("Pagination-Count", header("Items over all pages, exact up to " + Page.COUNT_BOUND
                    + "; left out when more match (narrow the filters to count them)" + always, Schema.SchemaType.INTEGER));
            ok.addHeader("Pagination-Page", header("This page, from 1", Schema.SchemaType.INTEGER));
            ok.addHeader("Pagination-Limit", header("Items per page", Schema.SchemaType.INTEGER));
        } else if (ok != null && !id.startsWith("getCurrent")) {
            ok.addHeader("ETag", header("The resource's version, for If-Match", Schema.SchemaType.STRING));
        }
        if (created != null) {
            created.addHeader("ETag", header("The resource's version, for If-Match", Schema.SchemaType.STRING));
            created.addHeader("Location", header("The new resource's URL", Schema.SchemaType.STRING));
        }
    }

    private static Header header(String description, Schema.SchemaType type) {
        return OASFactory.createHeader().description(description).schema(OASFactory.createSchema().addType(type));
    }

    private static void addListParameters(Operation operation, ListSpec spec) {
        List<Parameter> parameters = new ArrayList<>();
        // The path's own parameters (a webhook's id for its deliveries) stay; the query ones are generated.
        if (operation.getParameters() != null) {
            operation.getParameters().stream().filter(parameter -> parameter.getIn() == Parameter.In.PATH).forEach(parameters::add);
        }
        parameters.add(query("page", "The page, from 1", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                .minimum(BigDecimal.ONE).defaultValue(1)));
        parameters.add(query("limit", "Items per page", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                .minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(ListQuery.MAX_LIMIT)).defaultValue(ListQuery.DEFAULT_LIMIT)));
        List<Object> sorts = new ArrayList<>();
        spec.sortable().stream().sorted().forEach(field -> {
            sorts.add(field);
            sorts.add("-" + field);
        });
        parameters.add(query("sort", "The order: a field, - for descending", OASFactory.createSchema()
                .addType(Schema.SchemaType.STRING).enumeration(sorts).defaultValue(spec.defaultSort())));
        if (!spec.searched().isEmpty()) {
            parameters.add(query("query", "Free-text search, case-insensitive, over " + String.join(", ", spec.searched()),
                    OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(200)));
        }
        new TreeMap<>(spec.fields()).forEach((name, field) -> {
            if (field.type() != ListSpec.Type.TIME) {
                parameters.add(query(name, "Equal to", valueSchema(field.type())));
            }
            for (ListQuery.Operator operator : field.type().operators()) {
                boolean list = operator == ListQuery.Operator.IN || operator == ListQuery.Operator.NIN;
                parameters.add(query(name + "[" + operator.name().toLowerCase(Locale.ROOT) + "]",
                        describe(operator) + (list ? " (comma-separated values, or the parameter repeated with [])" : ""),
                        list ? OASFactory.createSchema().addType(Schema.SchemaType.STRING) : valueSchema(field.type())));
            }
        });
        operation.setParameters(parameters);
    }

    private static Schema valueSchema(ListSpec.Type type) {
        return switch (type) {
            case TEXT -> OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(200);
            case TIME -> OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("date-time");
            case BOOLEAN -> OASFactory.createSchema().addType(Schema.SchemaType.BOOLEAN);
            case ID -> OASFactory.createSchema().addType(Schema.SchemaType.STRING).format("uuid");
            case NUMBER -> OASFactory.createSchema().addType(Schema.SchemaType.INTEGER);
            case TAGS -> OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(200);
        };
    }

    private static String describe(ListQuery.Operator operator) {
        return switch (operator) {
            case EQ -> "Equal to";
            case NE -> "Not equal to";
            case SW -> "Starts with";
            case EW -> "Ends with";
            case CN -> "Contains";
            case NC -> "Does not contain";
            case IN -> "One of";
            case NIN -> "None of";
            case GT -> "After";
            case GTE -> "At or after";
            case LT -> "Before";
            case LTE -> "At or before";
        };
    }

    private static Parameter query(String name, String description, Schema schema) {
        return OASFactory.createParameter().name(name).in(Parameter.In.QUERY).required(false).description(description)
                .schema(schema);
    }

    private static Object tokenExample() {
        try (InputStream in = OpenApiDocumentFilter.class.getClassLoader().getResourceAsStream(TOKEN_EXAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + TOKEN_EXAMPLE);
            }
            return new ObjectMapper().readValue(in, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
