"""Pages for ASB letters: the managers' templates, writing a letter from a case or a notice, and the
letter as a printable page or a PDF. Producing a letter with someone's details is logged as an
export of the case (with the letter, its recipient and the format) and listed on the case."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from saferplaces.asb import letters, selectors, services
from saferplaces.asb.forms import LetterChoiceForm, LetterTemplateForm, letter_form
from saferplaces.asb.models import LetterKind, LetterTemplate
from saferplaces.asb.views_cases import DOWNLOAD_CSP
from saferplaces.audit.models import AccessAction
from saferplaces.audit.services import access_record
from saferplaces.core.forms import query_id
from saferplaces.policy import access
from saferplaces.policy.gate import reason_for, view_with_justification
from saferplaces.policy.rules import require_permission

# --- templates (managers) -----------------------------------------------------------------------


def template_list(request):
    require_permission(request.user, "asb.letters")
    templates = LetterTemplate.objects.select_related("updated_by").order_by("kind", "name")
    return render(request, "asb/letter_templates.html", {"templates": templates})


def _template_page(request, template):
    require_permission(request.user, "asb.letters")
    initial = {"kind": template.kind, "name": template.name, "body": template.body} if template else None
    form = LetterTemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = letters.letter_template_save(actor=request.user, template=template, **form.cleaned_data)
        except letters.LetterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Template saved: {saved.name}")
            return redirect("asb:letter_templates")
    return render(request, "asb/letter_template_form.html", {
        "form": form, "template": template,
        "placeholders": [(kind.label, list(letters.PLACEHOLDERS[kind].items())) for kind in LetterKind]})


def template_create(request):
    return _template_page(request, None)


def template_edit(request, pk):
    require_permission(request.user, "asb.letters")
    template = LetterTemplate.objects.filter(pk=pk).first()
    if template is None:
        raise Http404("No such template")
    return _template_page(request, template)


# --- writing a letter ---------------------------------------------------------------------------


def _write(request, record, *, case, kinds, notice=None, recipients=None):
    """Step 1 chooses the template (a GET form); step 2 asks for the recipient and the details its
    kind needs, records the letter and goes to its printable page."""
    back = record.get_absolute_url()

    def show():
        template_id = query_id(request, "template")
        template = LetterTemplate.objects.filter(pk=template_id, kind__in=kinds).first() if template_id else None
        if template is None:
            choice = LetterChoiceForm(request.GET if template_id else None, kinds=kinds)
            return render(request, "asb/letter_write.html", {
                "choice": choice, "record": record, "back": back, "case": case})
        form_class = letter_form(template.kind, recipients)
        form = form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                letter = letters.letter_write(actor=request.user, case=case, template=template, party=form.party(),
                                              notice=notice, details=form.details())
            except letters.LetterError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Letter written: print it or save it as PDF")
                return redirect("asb:letter_print", pk=letter.pk)
        return render(request, "asb/letter_write.html", {
            "form": form, "template": template, "record": record, "back": back, "case": case})

    return view_with_justification(request, record, show)


def letter_write(request, pk):
    case = selectors.case_access(actor=request.user, case_id=pk, action="change")
    # Only people whose details the writer may see can be written to.
    recipients = [p for p in selectors.parties_of(case, request.user) if p.person_visible or not p.party.person_id]
    return _write(request, case, case=case, kinds=letters.CASE_KINDS, recipients=recipients)


def notice_letter_write(request, pk):
    notice = selectors.notice_access(actor=request.user, notice_id=pk, action="change")
    if notice.case is None or not access.can(request.user, "change", notice.case):
        raise access.refuse(request.user, notice, "change")  # a letter is recorded on a case the writer may change
    return _write(request, notice, case=notice.case, kinds={notice.kind}, notice=notice)


# --- the letter ---------------------------------------------------------------------------------


def _recipient(request, letter) -> letters.Recipient:
    if letter.notice is not None:
        notice = letter.notice
        return letters.Recipient(notice.recipient_name, notice.address, notice.postcode)
    shown = next((p for p in selectors.parties_of(letter.case, request.user) if p.party.pk == letter.party_id), None)
    if shown is None or (shown.party.person_id and not shown.person_visible):
        raise Http404("No such record")  # the recipient's details are not the viewer's to print
    return letters.Recipient(shown.name, shown.address, shown.postcode)


def _produce(request, letter, fmt: str, respond):
    """Log the letter's production (an export of the case: which letter, to whom, in what format)."""
    case = letter.case

    def send():
        recipient = _recipient(request, letter)
        reason = reason_for(request, case)
        access_record(actor=request.user, action=AccessAction.EXPORT, record=case, reason=reason["reason"],
                      justification=reason["justification"], basis=access.basis_text(request.user, case),
                      path=request.path, detail={"letter": letter.pk, "template": letter.template_name,
                                                 "party": letter.party_id, "format": fmt})
        return respond(letters.letter_view(letter, recipient, services.policy()))

    return view_with_justification(request, case, send)


def letter_print(request, pk):
    letter = selectors.letter_access(actor=request.user, letter_id=pk)
    return _produce(request, letter, "print", lambda view: render(request, "asb/letter_print.html", {
        "letter": letter, "view": view}))


def letter_pdf(request, pk):
    # fpdf2 is loaded only when a PDF is asked for: no other page needs it.
    from saferplaces.asb.letter_pdf import letter_pdf as draw

    letter = selectors.letter_access(actor=request.user, letter_id=pk)

    def respond(view):
        response = HttpResponse(draw(view), content_type="application/pdf")
        name = f"letter-{letter.case.reference}-{letter.pk}-{timezone.localtime(letter.written_at):%Y%m%d}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = DOWNLOAD_CSP
        response["Cache-Control"] = "no-store"
        return response

    return _produce(request, letter, "pdf", respond)

