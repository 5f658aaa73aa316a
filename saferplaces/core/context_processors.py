from django.conf import settings

from saferplaces.core.navigation import navigation_for


def service(request):
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "partnership_name": settings.PARTNERSHIP_NAME,
        "navigation": navigation_for(user, request.path) if user is not None else [],
    }
