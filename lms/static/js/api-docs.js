// The API reference page: Swagger UI (served by the app, no CDN) reading /api/v1/openapi.json.
(function () {
  var root = document.getElementById("api-reference");
  if (!root || !window.SwaggerUIBundle) { return; }
  window.SwaggerUIBundle({ url: root.dataset.spec, domNode: root, deepLinking: true,
    persistAuthorization: false, tryItOutEnabled: false });
}());
