from django.http import HttpResponsePermanentRedirect

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
