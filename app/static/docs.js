// Starts Swagger UI on /openapi.json. A file of its own, not an inline script, so that the page's
// Content-Security-Policy can allow scripts from this origin only.
window.onload = function () {
  window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#ui", deepLinking: true});
};
