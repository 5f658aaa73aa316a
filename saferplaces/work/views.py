from django.shortcuts import render

from saferplaces.core.navigation import navigation_for
from saferplaces.work import selectors


def my_work(request):
    """Home: what needs the signed-in user (their cases, tasks, referrals, matches, recent records),
    a manager's team, and links to their modules."""
    modules = [item for item in navigation_for(request.user, request.path) if item["url"] != "/"]
    return render(request, "work/my_work.html", {**selectors.my_work(actor=request.user), "modules": modules})
