// Starts Swagger UI on /docs. A separate file rather than an inline script, so the page keeps working
// under a Content-Security-Policy without 'unsafe-inline'. The document's URL comes from the page.
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.spec,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // "Try it out" runs on this origin, so the dbbasic_session cookie goes along with each request
    withCredentials: true,
    persistAuthorization: true,
    displayRequestDuration: true,
    filter: true,
    // no badge from the online validator: the page makes no request beyond this server
    validatorUrl: "none"
  });
});
