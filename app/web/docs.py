"""The OpenAPI page, from Swagger UI vendored in static/ (npm swagger-ui-dist
5.35.0): FastAPI's default page would load it from a CDN."""
from fastapi import APIRouter, Request

from app.web.render import templates

router = APIRouter()


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request):
    return templates.TemplateResponse(request, "docs.html", {})
