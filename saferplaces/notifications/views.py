from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

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
    ids = None if raw is None else [int(raw)] if raw.isdigit() else []
    count = services.notifications_mark_read(actor=request.user, ids=ids)
    if ids is None:
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read")
    page = request.POST.get("page", "")
    return redirect(reverse("notifications:inbox") + (f"?page={page}" if page.isdigit() else ""))
