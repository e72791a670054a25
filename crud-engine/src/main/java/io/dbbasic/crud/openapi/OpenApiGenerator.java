package io.dbbasic.crud.openapi;

import static io.dbbasic.crud.openapi.Nodes.object;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dbbasic.common.model.AppModel;
import io.dbbasic.common.model.Resource;
import io.dbbasic.common.yaml.Diagnostic;
import java.util.Comparator;
import java.util.List;

/**
 * Builds the OpenAPI 3.1 document of the crud-engine from the app as it is served: a schema per
 * resource, every endpoint of CONTRACT §4 under each resource's base path, and the built-in endpoints.
 * Pure: the same model gives the same document, so it can be rebuilt on every reload.
 */
final class OpenApiGenerator {
    static final String OPENAPI_VERSION = "3.1.0";
    private final String version;
    private final FieldSchemas fields;
    private final ResourceSchemas schemas;
    private final ListParameters parameters;
    private final ResourcePaths paths;

    /** {@code json} is the service's mapper, so defaults appear as records show values. */
    OpenApiGenerator(ObjectMapper json, String version) {
        this.version = version;
        this.fields = new FieldSchemas(json);
        this.schemas = new ResourceSchemas(fields);
        this.parameters = new ListParameters(fields);
        this.paths = new ResourcePaths(fields, parameters);
    }

    ObjectNode generate(AppModel model, List<Diagnostic> errors) {
        var document = object().put("openapi", OPENAPI_VERSION);
        var info = document.putObject("info").put("title", "DBBasic CRUD API").put("version", version);
        info.put("description", description(errors));
        // no servers: clients and Swagger UI use the origin the document was fetched from

        var resources = model.resources().stream().sorted(Comparator.comparing(Resource::name)).toList();
        var tags = document.putArray("tags");
        for (var resource : resources) {
            var tag = tags.addObject().put("name", resource.name());
            tag.put("description", resource.description() == null ? resource.displayTitle()
                    : resource.displayTitle() + ": " + resource.description());
        }
        tags.addObject().put("name", BuiltinPaths.TAG_MODELS).put("description", "What the app serves");
        tags.addObject().put("name", BuiltinPaths.TAG_AUTH).put("description", "Sign-in, accounts and API tokens");
        tags.addObject().put("name", BuiltinPaths.TAG_SYSTEM).put("description", "Task queue, health and metrics");

        document.putArray("security")
                .add(object().set(Components.BEARER, Nodes.array()))
                .add(object().set(Components.COOKIE, Nodes.array()));

        var pathsNode = document.putObject("paths");
        var components = document.putObject("components");
        Components.addTo(components);
        BuiltinPaths.addSchemas((ObjectNode) components.get("schemas"));
        for (var resource : resources) {
            schemas.addTo((ObjectNode) components.get("schemas"), resource);
            parameters.addTo((ObjectNode) components.get("parameters"), resource);
            paths.addTo(pathsNode, resource);
        }
        BuiltinPaths.addPaths(pathsNode);
        return document;
    }

    private static String description(List<Diagnostic> errors) {
        var text = new StringBuilder("""
                The REST API of the resources declared in the app's YAML files (one resource per file), as they are \
                served right now: this document is rebuilt whenever a file changes.

                Errors are RFC 9457 problem details (`application/problem+json`). Sign in with `POST /api/auth/login` \
                and send the token as `Authorization: Bearer …`, or let the browser send the `dbbasic_session` cookie.""");
        if (!errors.isEmpty()) {
            text.append("\n\n**").append(errors.size()).append(errors.size() == 1 ? " problem" : " problems")
                    .append(" in the YAML files**: a resource whose file does not load keeps its last good version here, "
                            + "or is missing; `GET /api/models` lists the problems.");
        }
        return text.toString();
    }
}
