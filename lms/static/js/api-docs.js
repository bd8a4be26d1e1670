// The API reference page: Swagger UI (served by the app, no CDN) reading /api/v1/openapi.json.
(function () {
  var root = document.getElementById("api-reference");
  if (!root || !window.SwaggerUIBundle) { return; }
  // No deep links: Swagger UI puts them inside each operation's toggle button (a link in a
  // button, which assistive technology cannot reach).
  window.SwaggerUIBundle({ url: root.dataset.spec, domNode: root, deepLinking: false,
    persistAuthorization: false, tryItOutEnabled: false });
}());
