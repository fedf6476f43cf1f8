package dev.pat.rest;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/** Documents on every operation the error statuses the service can answer, all with the Error body. */
public class ErrorResponsesFilter implements OASFilter {

    private static final Map<String, String> ERRORS = Map.ofEntries(
            Map.entry("400", "The request is invalid"),
            Map.entry("401", "Missing, malformed, expired or refused credential"),
            Map.entry("403", "The credential lacks the required scope or role"),
            Map.entry("404", "No such resource in the caller's reach"),
            Map.entry("405", "Method not allowed"),
            Map.entry("406", "Only application/json can be produced"),
            Map.entry("415", "Only application/json is accepted"),
            Map.entry("429", "Too many requests"),
            Map.entry("500", "Unexpected error"),
            Map.entry("503", "The database is unavailable; retry after the Retry-After delay"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("Error", errorSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(this::addErrors));
    }

    private static Schema errorSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", text).addProperty("message", text);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("message", text)
                .addProperty("code", text)
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError))
                .required(java.util.List.of("message", "code"));
    }

    private void addErrors(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        for (Map.Entry<String, String> error : ERRORS.entrySet()) {
            if (responses.getAPIResponse(error.getKey()) == null) {
                responses.addAPIResponse(error.getKey(), OASFactory.createAPIResponse()
                        .description(error.getValue())
                        .content(OASFactory.createContent().addMediaType("application/json",
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Error")))));
            }
        }
    }
}
