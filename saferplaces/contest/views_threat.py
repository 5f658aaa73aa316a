"""Pages of the monthly threat assessment and its named readers (``contest.threat``).

Every page about one assessment fetches it through policy (404 for missing and forbidden alike, the
refusal logged) and shows it behind the justification gate, which logs each read with its reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from saferplaces.audit.models import AccessAction, JustificationReason
from saferplaces.audit.services import access_record
from saferplaces.contest import threat
from saferplaces.contest.forms_reporting import NamedReaderForm, ThreatAssessmentForm
from saferplaces.core import files
from saferplaces.policy import access
from saferplaces.policy.gate import view_with_justification
from saferplaces.policy.models import NamedReader
from saferplaces.policy.rules import may, require_permission
from saferplaces.policy.services import NamingError, named_reader_add, named_reader_remove

DOWNLOAD_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'"


def _form_page(request, form, *, heading, caption, back_url, button="Save"):
    return render(request, "contest/report_form.html", {"form": form, "heading": heading, "caption": caption,
                                                        "back_url": back_url, "button": button})


def threat_list(request):
    """The assessments the viewer may read (none unless named), each month's level and timeliness."""
    require_permission(request.user, "contest.view")
    reader = access.is_named_reader(request.user, threat.CATEGORY)
    assessments = list(threat.visible_assessments(request.user)[:36]) if reader else []
    if assessments:
        # A named reader's own list, as "my cases" is: logged, with the relationship as its reason.
        access_record(actor=request.user, action=AccessAction.SEARCH, record_type="contest.threatassessment",
                      reason=JustificationReason.RELATIONSHIP, justification="Named reader: the list of assessments",
                      path=request.path, detail={"results": len(assessments)})
    rows = [(a, threat.on_time(a), threat.due_on(a.month)) for a in assessments]
    return render(request, "contest/threat/list.html", {
        "rows": rows, "reader": reader, "due_day": threat.due_day(),
        "can_write": reader and may(request.user, "contest.manage"),
        "can_keep_readers": may(request.user, "contest.manage")})


def threat_create(request):
    require_permission(request.user, "contest.manage")
    if not access.is_named_reader(request.user, threat.CATEGORY):
        return render(request, "contest/threat/not_reader.html")
    form = ThreatAssessmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = threat.assessment_record(actor=request.user, **form.cleaned_data)
        except threat.ThreatError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Threat assessment recorded")
            return redirect(assessment.get_absolute_url())
    return _form_page(request, form, heading="Record a threat assessment", caption="Monthly threat assessment",
                      back_url=reverse("contest:threat_list"), button="Record the assessment")


def threat_detail(request, pk):
    assessment = threat.assessment_access(actor=request.user, assessment_id=pk)

    def show():
        return render(request, "contest/threat/detail.html", {
            "assessment": assessment, "on_time": threat.on_time(assessment),
            "due_on": threat.due_on(assessment.month), "reasons": access.explain(request.user, assessment)})

    return view_with_justification(request, assessment, show)


def threat_edit(request, pk):
    # "change" on a Contest record needs contest.manage (ACTION_PERMISSIONS) and the holding agency.
    assessment = threat.assessment_access(actor=request.user, assessment_id=pk, action="change")

    def show():
        initial = {name: getattr(assessment, name) for name in threat.FIELDS}
        initial["month"] = assessment.month.isoformat()
        form = ThreatAssessmentForm(request.POST or None, request.FILES or None, initial=initial,
                                    correcting=assessment.month)
        if request.method == "POST" and form.is_valid():
            try:
                threat.assessment_correct(actor=request.user, assessment=assessment, **form.cleaned_data)
            except threat.ThreatError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Threat assessment corrected")
                return redirect(assessment.get_absolute_url())
        return _form_page(request, form, heading="Correct the threat assessment", caption=str(assessment),
                          back_url=assessment.get_absolute_url())

    return view_with_justification(request, assessment, show)


def threat_file(request, pk):
    """The attached document as a download only, behind the assessment's check and reason (the gate logs it)."""
    assessment = threat.assessment_access(actor=request.user, assessment_id=pk)
    if not assessment.file_stored_name:
        raise Http404("The assessment has no document")

    def send():
        try:
            handle = files.path_of(assessment.file_stored_name).open("rb")
        except (files.FileRejected, OSError):
            raise Http404("The file is missing") from None
        response = FileResponse(handle, content_type=assessment.file_type, as_attachment=True,
                                filename=assessment.file_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = DOWNLOAD_CSP
        return response

    return view_with_justification(request, assessment, send)


def readers(request):
    """The named readers, kept by those with ``contest.manage``: add one, or remove one."""
    require_permission(request.user, "contest.manage")
    form = NamedReaderForm(request.POST or None, candidates=threat.reader_candidates())
    if request.method == "POST" and form.is_valid():
        try:
            named_reader_add(actor=request.user, category=threat.CATEGORY, **form.cleaned_data)
        except NamingError as error:
            form.add_error("user", str(error))
        else:
            messages.success(request, f"{form.cleaned_data['user'].display_name} may now read the threat assessment")
            return redirect("contest:threat_readers")
    return render(request, "contest/threat/readers.html", {"readers": threat.readers(), "form": form})


def reader_remove(request, pk):
    require_permission(request.user, "contest.manage")
    if request.method != "POST":
        return redirect("contest:threat_readers")
    reader = get_object_or_404(NamedReader.objects.current().filter(category=threat.CATEGORY), pk=pk)
    named_reader_remove(actor=request.user, reader=reader)
    messages.success(request, f"{reader.user.display_name} is no longer a named reader")
    return redirect("contest:threat_readers")
