from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from saferplaces.core.forms import MAX_ID
from saferplaces.notifications import selectors, services

PAGE_SIZE = 25


def inbox(request):
    """The signed-in user's notifications, newest first; unread ones are marked."""
    page = Paginator(selectors.inbox(actor=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@require_POST
def mark_read(request):
    """Mark one of the user's notifications read (``id``), or all of them (no ``id``)."""
    raw = request.POST.get("id")
    # Not a number, or too large to be an id: nothing is marked (SQLite cannot even compare such a number).
    ids = None if raw is None else [int(raw)] if raw.isascii() and raw.isdigit() and int(raw) <= MAX_ID else []
    count = services.notifications_mark_read(actor=request.user, ids=ids)
    if ids is None:
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read")
    page = request.POST.get("page", "")
    return redirect(reverse("notifications:inbox") + (f"?page={page}" if page.isdigit() else ""))


def open_notification(request, pk):
    """Mark one of the user's own notifications read and go to its link, where policy decides as usual
    whether they may see the record. Any other number goes to the inbox: it neither marks nor reveals
    another user's notification."""
    notification = selectors.inbox(actor=request.user).filter(pk=pk).first() if pk <= MAX_ID else None
    if notification is None:
        return redirect("notifications:inbox")
    services.notifications_mark_read(actor=request.user, ids=[notification.pk])
    url = notification.url
    # Only a path in this service: the links are made by the services, but a redirect never leaves the site.
    if not url_has_allowed_host_and_scheme(url, allowed_hosts=None) or not url.startswith("/"):
        return redirect("notifications:inbox")
    return redirect(url)
