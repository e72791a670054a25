/**
 * The crud-engine's OpenAPI 3.1 document ({@code GET /openapi.json}) and Swagger UI ({@code GET /docs}),
 * CONTRACT §4.
 *
 * <p>How it fits together: {@link io.dbbasic.crud.openapi.OpenApiRoutes} (the one public type, wired in
 * by the composition root) keeps an {@code OpenApiDocument}, which follows the {@code LiveModel} and
 * renders each new snapshot once, as JSON text, with {@code OpenApiGenerator}. The generator is pure:
 * {@code ResourceSchemas} makes the component schemas of a resource from {@code FieldSchemas} (one
 * field's schema in each wire form), {@code ListParameters} its list parameters, {@code ResourcePaths}
 * its endpoints (with {@code Access} reading its permission rules), and {@code BuiltinPaths} and
 * {@code Components} the parts every app has. {@code Nodes} holds the Jackson tree builders.
 *
 * <p>Rules kept throughout: the document says what the contract promises, for the app as it is served
 * (a file with errors keeps its last good version here too); names of generated components cannot
 * collide (resource names are lower-case identifiers, built-ins are capitalised, variants are dotted);
 * Swagger UI comes from the WebJar, never a CDN.
 */
package io.dbbasic.crud.openapi;
