"""The retention pages: the schedule, a rule's form, the agency's review list and decision, legal holds.

The review list and the holds name records by their kind and number only (never a name), so they log no
access event; opening a record from them goes through that record's own page and its checks."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from saferplaces.core.listing import Listing, Sort
from saferplaces.policy.categories import CATEGORIES, category_label
from saferplaces.policy.rules import may, require_permission
from saferplaces.retention import selectors, services
from saferplaces.retention.forms import DecisionForm, HoldForm, RuleForm
from saferplaces.retention.models import RetentionRule
from saferplaces.retention.sources import sources

ITEM_SORTS = {"due": Sort("Due", ("due_on",))}
HOLD_SORTS = {"placed": Sort("Placed", ("placed_at",), descending_first=True)}


def _form_page(request, form, *, heading, caption, back_url, button="Save", intro=""):
    return render(request, "retention/form.html", {"form": form, "heading": heading, "caption": caption,
                                                   "back_url": back_url, "button": button, "intro": intro})


def schedule(request):
    rows, not_covered = selectors.schedule(actor=request.user)
    return render(request, "retention/schedule.html", {
        "rows": rows, "not_covered": not_covered, "can_manage": may(request.user, "retention.manage"),
        "can_review": may(request.user, "retention.review"), "can_hold": may(request.user, "retention.hold")})


def rule_edit(request, category):
    require_permission(request.user, "retention.manage")
    if category not in CATEGORIES:
        raise Http404("No such category")
    rule = RetentionRule.objects.filter(category=category).first()
    initial = ({"period_months": rule.period_months, "trigger": rule.trigger, "action": rule.action,
                "basis": rule.basis} if rule else {})
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_set(actor=request.user, category=category, **form.cleaned_data)
        except services.RetentionInputError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Retention rule for {category_label(category)} saved")
            return redirect("retention:schedule")
    return _form_page(request, form, heading=f"Retention of {category_label(category).lower()}",
                      caption="Retention schedule", back_url=reverse("retention:schedule"),
                      intro="Records of this category are kept for the period from the event, then reviewed by "
                            "the agency holding them, deleted or anonymised by the nightly run.")


def review_list(request):
    listing = Listing(request, selectors.review_items(actor=request.user), sorts=ITEM_SORTS, default="due")
    return render(request, "retention/review_list.html", {"listing": listing, "page": listing.page,
                                                          "query": listing.page_query})


def review_decide(request, pk):
    item = selectors.review_item(actor=request.user, item_id=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "keep":
                services.review_keep(actor=request.user, item=item, reason=data["reason"],
                                     keep_until=data["keep_until"])
            else:
                services.review_let_go(actor=request.user, item=item)
        except services.RetentionInputError as error:
            form.add_error("keep_until" if "date" in str(error) else None, str(error))
        else:
            messages.success(request, f"{item.label}: {item.get_status_display().lower()}")
            return redirect("retention:review_list")
    return render(request, "retention/review_decide.html", {"item": item, "form": form})


def hold_list(request):
    listing = Listing(request, selectors.holds(actor=request.user), sorts=HOLD_SORTS, default="placed")
    return render(request, "retention/holds.html", {"listing": listing, "page": listing.page,
                                                    "query": listing.page_query, "today": timezone.localdate()})


def hold_place(request):
    require_permission(request.user, "retention.hold")
    kinds = [(s.label, s.name) for s in sources()]
    form = HoldForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            hold = services.hold_place(actor=request.user, **form.cleaned_data)
        except services.RetentionInputError as error:
            message = str(error)
            form.add_error("record_id" if "record" in message else "until" if "date" in message else None, message)
        else:
            messages.success(request, f"Legal hold placed on {hold.label}")
            return redirect("retention:holds")
    return _form_page(request, form, heading="Place a legal hold", caption="Legal holds",
                      back_url=reverse("retention:holds"), button="Place the hold",
                      intro="While a hold stands, no retention run and no erasure deletes or anonymises the record.")


@require_POST
def hold_lift(request, pk):
    hold = selectors.hold(actor=request.user, hold_id=pk)
    services.hold_lift(actor=request.user, hold=hold)
    messages.success(request, f"Legal hold on {hold.label} lifted")
    return redirect("retention:holds")
