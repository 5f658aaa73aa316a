import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.utils.cache import patch_cache_control

ASSETS_PREFIX = "/assets/"


class GovUKAssetsRedirectMiddleware:
    """GOV.UK Frontend's compiled CSS asks for fonts and images under ``/assets/``; send those
    requests to where the static files live, before sessions or sign-in are involved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ASSETS_PREFIX) and ".." not in request.path:
            return HttpResponsePermanentRedirect("/static/govuk/assets/" + request.path[len(ASSETS_PREFIX):])
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """A content security policy with a fresh nonce on every page, and ``no-store`` on every response that
    reaches the application: pages and exports hold personal data (static files are served before it
    and keep their caching).

    Templates put ``nonce="{{ request.csp_nonce }}"`` on each ``<script src>``; no script is inline. A
    view that sets its own policy (an evidence file download, the self-contained evidence report) or its
    own ``Cache-Control`` keeps them, with ``no-store`` added.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", page_policy(request.csp_nonce))
        patch_cache_control(response, no_store=True)
        return response


def tile_origin() -> str:
    """The origin the map's tiles come from (``settings.MAP_TILES``), or "" for the plain view."""
    tiles = getattr(settings, "MAP_TILES", None)
    if not tiles or not tiles.get("url"):
        return ""
    parts = urlsplit(tiles["url"])
    return f"{parts.scheme}://{parts.netloc}"


def page_policy(nonce: str) -> str:
    tiles = tile_origin()
    return "; ".join([
        "default-src 'self'",
        f"script-src 'nonce-{nonce}'",
        "style-src 'self'",
        # Map tiles are images of another server: allowed only when a tile source is configured.
        f"img-src 'self' data: {tiles}" if tiles else "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ])
