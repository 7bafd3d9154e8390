"""The litestar application: public site, JSON API, static files, errors and headers."""

from __future__ import annotations

from importlib import resources

from litestar import Litestar, get
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.exceptions import HTTPException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.openapi.spec import Components, License, SecurityScheme
from litestar.static_files import create_static_files_router
from xstatic.pkg import leaflet

from publisher.api import API_VERSION, EntriesController, SearchController, SuggestController
from publisher.archive_pages import DestructionNotices
from publisher.desk_api import DeskApiController
from publisher.desk_pages import desk_router
from publisher.errors import handle_http_error, handle_search_unavailable, handle_unexpected_error
from publisher.exports_api import ExportsController
from publisher.feeds import ChangeFeeds
from publisher.head_requests import head_requests_middleware
from publisher.http_cache import http_cache_middleware
from publisher.map_page import MapPage
from publisher.pages import PublicPages
from publisher.rendering import make_environment
from publisher.security import security_headers_middleware
from publisher.services import Services, open_services, services_of
from publisher.settings import Settings
from publisher.sitemap import sitemap_xml
from search import SearchUnavailable


def create_app(settings: Settings | None = None, services: Services | None = None) -> Litestar:
    """Build the app; tests hand in their own services, `glazenstad serve` reads the settings."""
    services = services or open_services(settings or Settings.from_env())
    static = create_static_files_router(
        path="/static", directories=[str(resources.files("publisher").joinpath("static"))], include_in_schema=False
    )
    # Leaflet for the map, from the xstatic package: never from a CDN
    leaflet_static = create_static_files_router(
        path="/static/leaflet", directories=[leaflet.BASE_DIR], include_in_schema=False, name="leaflet"
    )
    app = Litestar(
        route_handlers=[PublicPages, ChangeFeeds, EntriesController, SearchController, SuggestController,
                        ExportsController, DeskApiController, DestructionNotices,
                        desk_router(services.settings), static, leaflet_static, MapPage, robots, sitemap],
        state=State({"services": services, "templates": make_environment()}),
        middleware=[security_headers_middleware],
        exception_handlers={HTTPException: handle_http_error, SearchUnavailable: handle_search_unavailable,
                            Exception: handle_unexpected_error},
        # level 6 (zlib's own default) instead of litestar's 9: a third of the CPU for about 1% more bytes
        compression_config=CompressionConfig(backend="gzip", minimum_size=500, gzip_compress_level=6),
        openapi_config=OpenAPIConfig(
            title="Glazen Stad API",
            version=API_VERSION,
            description="Open API of the municipal register of algorithms and data collections. "
            "Its public part serves published versions only; the editorial desk (`/desk`) needs a bearer token.",
            license=License(name="CC0-1.0 (data); EUPL-1.2 (software)", identifier="CC0-1.0"),
            path="/api/v1",
            render_plugins=[JsonRenderPlugin(path="/openapi.json")],
            components=Components(security_schemes={"BearerToken": SecurityScheme(
                type="http", scheme="bearer", description="A token from `glazenstad tokens create NAME`")}),
        ),
        on_shutdown=[lambda: services.close()],
        debug=False,
    )
    # Route-level middleware runs only after routing has answered 405 to HEAD, so HEAD is
    # handled around the router itself; the HTTP cache sits inside it, so HEAD is answered from it too.
    app.asgi_handler = head_requests_middleware(http_cache_middleware(app.asgi_handler, services))
    return app


@get("/robots.txt", include_in_schema=False, sync_to_thread=False, media_type="text/plain")
def robots(state: State) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {services_of(state).settings.public_url}/sitemap.xml\n"


@get("/sitemap.xml", include_in_schema=False, sync_to_thread=False, media_type="application/xml")
def sitemap(state: State) -> bytes:
    """Every public page, for search engines (sitemaps.org 0.9)."""
    services = services_of(state)
    with services.published() as register:
        return sitemap_xml(register, services.settings.public_url)
