from saferplaces.notifications.selectors import unread_count


def notifications(request):
    """The unread count for the header, read lazily: a page that does not show the header (a JSON
    answer, a redirect) makes no query, and one that does makes one COUNT."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    cache = {}

    def count():
        if "n" not in cache:
            cache["n"] = unread_count(actor=user)
        return cache["n"]

    return {"unread_notifications": count}
