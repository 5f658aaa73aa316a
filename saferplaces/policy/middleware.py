from saferplaces.policy.access import remembering_agreements

SAFE_METHODS = ("GET", "HEAD")


class SafeRequestMemoMiddleware:
    """Let policy read the actor's agreements once per GET or HEAD request.

    Those requests change no agreement, grant or casework, so an answer read early in the request
    still holds at its end; any other request reads afresh each time.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        with remembering_agreements():
            return self.get_response(request)
