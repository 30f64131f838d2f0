// Starts the vendored Swagger UI on /docs (no inline script, no CDN).
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
