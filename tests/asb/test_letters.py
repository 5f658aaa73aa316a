"""ASB letters: the placeholder check when a template is saved, what a letter substitutes (only the
kind's placeholders, never template code, always escaped), the PDF, who may write and print one
across agencies, and the logging and the case's list of letters."""

import re
import zlib

import pytest
from django.urls import reverse

from saferplaces.asb import letters
from saferplaces.asb.models import Letter, LetterKind, LetterTemplate
from saferplaces.audit.models import AccessAction, AccessEvent, ChangeRecord
from saferplaces.policy.models import AccessGrant
from tests.asb.builders import make_case, make_notice, make_party, make_template, make_warning
from tests.factories import AgreementFactory, PersonFactory, UserFactory


def _justify(client, url):
    client.post(url, {"justification-form": "1", "reason": "casework"})


def _pdf_text(data: bytes) -> str:
    """The text of a PDF's streams, inflated where they are compressed."""
    parts = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(stream).decode("latin-1"))
        except zlib.error:
            parts.append(stream.decode("latin-1"))
    return "".join(parts)


@pytest.fixture
def asb(world):
    AgreementFactory(parties=[world.own, world.partner], data_categories=["asb", "enforcement"])
    return world


# --- the placeholder language ---------------------------------------------------------------------

def test_unknown_placeholder_is_named_with_the_allowed_ones():
    with pytest.raises(letters.LetterError) as error:
        letters.check_body("Dear [recipient name], see [notice conditions] and [Bank Account].", LetterKind.WARNING)
    message = str(error.value)
    # [notice conditions] belongs to warnings and notices, not to a warning letter written from a case.
    assert message.startswith("Unknown placeholders [notice conditions], [Bank Account].")
    assert "[recipient name]" in message and "[case reference]" in message and "[conduct]" in message
    assert "[appeal by]" not in message


def test_placeholders_ignore_case_and_spacing_and_each_kind_has_its_own_list():
    assert letters.unknown_placeholders("[Recipient  Name] [CASE reference]", LetterKind.CASE_CLOSURE) == []
    assert letters.unknown_placeholders("[appeal by]", LetterKind.CPN) == []
    assert letters.unknown_placeholders("[appeal by]", LetterKind.CPW) == ["[appeal by]"]
    assert letters.unknown_placeholders("[premises] [hearing]", LetterKind.CLOSURE_NOTICE) == []


def test_substitution_is_one_pass_and_leaves_other_text_as_typed():
    values = {"recipient name": "[case reference] {{ secret }}", "case reference": "ASB-2026-00001"}
    result = letters.blocks("# To [recipient name]\n\nRef [case reference]: {% now 'Y' %} {{ x }}\n[unknown]", values)
    assert result[0] == letters.Block(True, ("To [case reference] {{ secret }}",))
    assert result[1] == letters.Block(False, ("Ref ASB-2026-00001: {% now 'Y' %} {{ x }}", "[unknown]"))


def test_every_default_template_is_valid_for_its_kind_and_says_what_the_act_requires(db):
    defaults = {t.kind: t for t in LetterTemplate.objects.all()}
    assert set(defaults) == set(LetterKind)
    for template in defaults.values():
        letters.check_body(template.body, template.kind)
    cpw, cpn, closure = defaults["cpw"].body, defaults["cpn"].body, defaults["closure_notice"].body
    assert "section 43(5)" in cpw and "Community Protection Notice may be issued" in cpw
    for point in ("[appeal by]", "section 46", "section 48", "level 4", "£20,000", "[fixed penalty]"):
        assert point in cpn
    for point in ("[premises]", "section 76", "offence", "[hearing]", "[advice services]", "closure order"):
        assert point in closure


# --- managers' pages ----------------------------------------------------------------------------

def test_manager_saves_a_template_and_an_unknown_placeholder_is_refused_on_the_page(client, asb):
    manager = asb.users["manager"]
    client.force_login(manager)
    url = reverse("asb:letter_template_create")
    body = "Dear [recipient name],\n\nPlease phone [officer phone]."
    response = client.post(url, {"kind": "warning", "name": "Short warning", "body": body})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Unknown placeholder [officer phone]." in page and "[recipient name]" in page
    assert not LetterTemplate.objects.filter(name="Short warning").exists()

    body = "Dear [recipient name],\n\nPlease stop: [conduct]"
    response = client.post(url, {"kind": "warning", "name": "Short warning", "body": body})
    assert response.status_code == 302
    template = LetterTemplate.objects.get(name="Short warning")
    assert (template.updated_by, template.body) == (manager, body)
    assert ChangeRecord.objects.filter(record_type="asb.lettertemplate", record_id=str(template.pk)).exists()

    edit = reverse("asb:letter_template_edit", kwargs={"pk": template.pk})
    client.post(edit, {"kind": "warning", "name": "Short warning", "body": body + "\n\n[agency]"})
    template.refresh_from_db()
    assert template.body.endswith("[agency]")
    assert "Short warning" in client.get(reverse("asb:letter_templates")).content.decode()


def test_caseworkers_may_not_change_templates(client, asb):
    client.force_login(asb.users["caseworker"])
    assert client.get(reverse("asb:letter_templates")).status_code == 403
    response = client.post(reverse("asb:letter_template_create"), {"kind": "warning", "name": "X", "body": "Hi"})
    assert response.status_code == 403
    with pytest.raises(Exception, match="asb.letters"):
        letters.letter_template_save(actor=asb.users["caseworker"], kind="warning", name="X", body="Hi")


# --- writing, printing, the PDF -------------------------------------------------------------------

def test_write_a_letter_from_the_case_print_it_and_download_the_pdf(client, asb):
    writer = asb.users["caseworker"]
    case = make_case(asb.own, location="Demo Court")
    party = make_party(case, name="Sam <b>Loud</b>", address="1 Demo Street, Westminster", postcode="W2 5EH")
    body = "Dear [recipient name],\n\n# Case [case reference]\n\n{{ case.summary }} {% csrf_token %} [conduct]"
    template = make_template(name="Plain warning", body=body)
    client.force_login(writer)
    write = reverse("asb:letter_write", kwargs={"pk": case.pk})
    _justify(client, write)
    page = client.get(write).content.decode()
    assert "Plain warning" in page and "Case closure letter" in page  # case letters; not CPW/CPN ones
    assert "Community Protection Notice (" not in page
    page = client.get(write, {"template": template.pk}).content.decode()
    assert "The behaviour complained of" in page and "Sam &lt;b&gt;Loud&lt;/b&gt;" in page
    response = client.post(f"{write}?template={template.pk}",
                           {"recipient": str(party.pk), "detail_0": "Shouting <script>alert(1)</script>"})
    letter = Letter.objects.get()
    assert response.url == reverse("asb:letter_print", kwargs={"pk": letter.pk})
    assert (letter.party, letter.written_by, letter.template_name) == (party, writer, "Plain warning")

    printed = client.get(response.url).content.decode()
    assert f"Case {case.reference}" in printed
    assert "{{ case.summary }} {% csrf_token %}" in printed  # template code is shown as typed, never run
    assert "Shouting &lt;script&gt;alert(1)&lt;/script&gt;" in printed and "<script>alert" not in printed
    assert "Dear Sam &lt;b&gt;Loud&lt;/b&gt;," in printed and "W2 5EH" in printed

    pdf = client.get(reverse("asb:letter_pdf", kwargs={"pk": letter.pk}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert case.reference in _pdf_text(pdf.content) and "Shouting" in _pdf_text(pdf.content)

    exports = AccessEvent.objects.filter(actor=writer, action=AccessAction.EXPORT, record_type="asb.asbcase",
                                         record_id=str(case.pk))
    assert [(e.detail["format"], e.detail["letter"], e.detail["party"]) for e in exports.order_by("pk")] == [
        ("print", letter.pk, party.pk), ("pdf", letter.pk, party.pk)]

    detail = client.get(case.get_absolute_url()).content.decode()
    assert "Plain warning" in detail and writer.display_name in detail and "Write a letter" in detail
    assert f"asb.letter {letter.pk}" in detail  # the letter is in the case's history of changes


def test_notice_letter_fills_the_notice_and_the_statutory_points(client, asb):
    writer = asb.users["caseworker"]
    case = make_case(asb.own)
    notice = make_notice(make_warning(case, make_party(case)))
    template = LetterTemplate.objects.get(kind=LetterKind.CPN)
    client.force_login(writer)
    write = reverse("asb:notice_letter_write", kwargs={"pk": notice.pk})
    _justify(client, write)
    assert "Community Protection Warning letter" not in client.get(write).content.decode()
    response = client.post(f"{write}?template={template.pk}", {})
    letter = Letter.objects.get()
    assert letter.notice == notice
    _justify(client, case.get_absolute_url())
    printed = client.get(response.url).content.decode()
    assert notice.reference in printed and notice.warning.reference in printed
    assert "No amplified music after 11pm" in printed
    assert f"by {notice.appeal_by.day} {notice.appeal_by:%B %Y}" in printed
    assert "[" not in printed.split('class="app-letter"')[1].split("</article>")[0]  # every placeholder filled


def test_a_template_of_another_kind_cannot_be_used(client, asb):
    case = make_case(asb.own)
    notice = make_notice(make_warning(case, make_party(case)))
    client.force_login(asb.users["caseworker"])
    write = reverse("asb:notice_letter_write", kwargs={"pk": notice.pk})
    _justify(client, write)
    warning_letter = make_template()
    response = client.post(f"{write}?template={warning_letter.pk}", {})
    assert response.status_code == 200 and not Letter.objects.exists()  # it offers the choice again
    with pytest.raises(letters.LetterError):
        letters.letter_write(actor=asb.users["caseworker"], case=case, template=warning_letter, notice=notice)


# --- across agencies ------------------------------------------------------------------------------

def test_other_agencies_reach_letters_only_where_they_may_change_the_case(client, asb):
    """The partner shares ASB data by agreement: it sees the case but may not write or print its
    letters. An agency with only a grant sees it too, and likewise may not."""
    case = make_case(asb.own)
    party = make_party(case)
    letter = letters.letter_write(actor=asb.users["caseworker"], case=case, template=make_template(), party=party,
                                  details={"conduct": "Noise"})
    partner_manager = UserFactory(agency=asb.partner, role="manager")
    other_manager = UserFactory(agency=asb.other, role="manager")
    AccessGrant.objects.create(record=case, grantee_agency=asb.other, reason="Joint case",
                               granted_by=asb.users["dpo"])
    urls = [reverse("asb:letter_write", kwargs={"pk": case.pk}),
            reverse("asb:letter_print", kwargs={"pk": letter.pk}),
            reverse("asb:letter_pdf", kwargs={"pk": letter.pk})]
    for user in (partner_manager, other_manager):
        client.force_login(user)
        _justify(client, case.get_absolute_url())
        assert client.get(case.get_absolute_url()).status_code == 200
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]
        assert AccessEvent.objects.filter(actor=user, action=AccessAction.DENIED, record_id=str(case.pk)).exists()
    assert not AccessEvent.objects.filter(action=AccessAction.EXPORT).exists()
    # Templates are the partnership's: the partner's manager may change them.
    client.force_login(partner_manager)
    assert client.get(reverse("asb:letter_templates")).status_code == 200


def test_a_linked_person_the_writer_may_not_see_is_not_offered(client, asb):
    case = make_case(asb.own)
    hidden = PersonFactory(owner_agency=asb.other, forename="Hidden", surname="Person")
    make_party(case, name="", person=hidden, dob=None, address="")
    make_party(case, name="Visible Victim", role="victim")
    client.force_login(asb.users["caseworker"])
    write = reverse("asb:letter_write", kwargs={"pk": case.pk})
    _justify(client, write)
    page = client.get(write, {"template": make_template().pk}).content.decode()
    assert "Visible Victim" in page and "Hidden" not in page and "A person" not in page


def test_the_lead_officer_prints_a_letter_with_the_relationship_as_the_reason(client, asb):
    """No reason is asked of the case's lead officer (the relationship is the reason): the letter's
    export is logged with that relationship."""
    lead = asb.users["caseworker"]
    case = make_case(asb.own, lead_officer=lead)
    letter = letters.letter_write(actor=lead, case=case, template=make_template(), party=make_party(case),
                                  details={"conduct": "Noise"})
    client.force_login(lead)
    assert client.get(reverse("asb:letter_print", kwargs={"pk": letter.pk})).status_code == 200
    assert client.get(reverse("asb:letter_pdf", kwargs={"pk": letter.pk})).status_code == 200
    exports = AccessEvent.objects.filter(actor=lead, action=AccessAction.EXPORT, record_id=str(case.pk))
    assert [(e.reason, e.justification) for e in exports] == [("relationship", "Lead officer of this record")] * 2
