import re
import uuid

from saferplaces.core.context import current_actor, current_client_request_id, current_request_id

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id made here for the audit trail. A well-formed X-Request-ID from the
    client or a proxy is kept beside it (the client chooses it, so it identifies nothing alone)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = uuid.uuid4().hex
        request.client_request_id = incoming if _SAFE_ID.match(incoming) else ""
        token = current_request_id.set(request.request_id)
        client_token = current_client_request_id.set(request.client_request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
            current_client_request_id.reset(client_token)
        response["X-Request-ID"] = request.request_id
        return response


class ActorMiddleware:
    """Make the signed-in user the actor of every change made while serving the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        token = current_actor.set(user if user is not None and user.is_authenticated else None)
        try:
            return self.get_response(request)
        finally:
            current_actor.reset(token)
