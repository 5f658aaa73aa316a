"""The keepers' pages to make and edit directory entries: an organisation, and a service of one they keep.
Any other organisation or service is "Page not found", as on the other keepers' pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from saferplaces.directory import freshness, services, services_entries, taxonomy
from saferplaces.directory.forms_entries import NO_AGENCY, OrganizationForm, ServiceForm
from saferplaces.directory.models import Organization, Service, TaxonomyTerm
from saferplaces.policy.rules import require_permission


def _kept_organization(request, pk) -> Organization:
    found = Organization.objects.filter(pk=pk).first()
    if found is None or not freshness.may_keep_organization(request.user, found):
        raise Http404("No such organisation")
    return found


def _kept_service(request, pk) -> Service:
    found = Service.objects.select_related("organization").filter(pk=pk).first()
    if found is None or not freshness.may_keep(request.user, found):
        raise Http404("No such service")
    return found


def organization_create(request):
    require_permission(request.user, "directory.manage")
    return _organization_form(request, None)


def organization_edit(request, pk):
    return _organization_form(request, _kept_organization(request, pk))


def _organization_form(request, organization):
    initial = {}
    if organization is not None:
        initial = {"name": organization.name, "description": organization.description,
                   "website": organization.website, "email": organization.email,
                   "agency": str(organization.agency_id) if organization.agency_id else NO_AGENCY}
    form = OrganizationForm(request.POST or None, initial=initial, actor=request.user)
    if request.method == "POST" and form.is_valid():
        saved = services_entries.organization_save(actor=request.user, organization=organization,
                                                   **form.cleaned_data)
        messages.success(request, f"{saved.name} saved" if organization
                         else f"{saved.name} added: now add its services")
        return redirect("directory:manage")
    return render(request, "directory/form.html", {
        "form": form, "heading": "Edit the organisation" if organization else "Add an organisation",
        "caption": organization.name if organization else "Directory of services",
        "back_url": reverse("directory:manage"), "button": "Save the organisation"})


def service_create(request, pk):
    return _service_form(request, _kept_organization(request, pk), None)


def service_edit(request, pk):
    found = _kept_service(request, pk)
    return _service_form(request, found.organization, found)


def _initial(service: Service) -> dict:
    initial = {name: getattr(service, name) for name in ("name", "description", "eligibility_description",
                                                          "minimum_age", "maximum_age", "fees", "status", "url",
                                                          "email")}
    terms = {str(a.taxonomy_term_id): a.taxonomy_term.term for a in service.attributes.select_related("taxonomy_term")}
    initial["victim_needs"] = [key for key, code in terms.items() if code in taxonomy.VICTIM_NEEDS]
    initial["other_needs"] = [key for key, code in terms.items() if code not in taxonomy.VICTIM_NEEDS]
    contact = service.contacts.order_by("name", "id").first()
    if contact is not None:
        phone = contact.phones.order_by("id").first()
        initial.update(contact_name=contact.name, phone=phone.number if phone else "")
    link, address = services_entries.first_place(service)
    if address is not None:
        initial.update(address_1=address.address_1, city=address.city, postal_code=address.postal_code)
    if link is not None:
        initial.update(latitude=link.location.latitude, longitude=link.location.longitude)
    for day, (opens, closes) in services_entries.weekly_hours(service).items():
        initial.update({f"{day}_opens": opens, f"{day}_closes": closes})
    return initial


def _service_form(request, organization: Organization, service: Service | None):
    if not TaxonomyTerm.objects.filter(taxonomy_id=taxonomy.TAXONOMY_ID).exists():
        services.taxonomy_ensure()  # a new installation: the needs to choose from
    form = ServiceForm(request.POST or None, initial=_initial(service) if service else {})
    if request.method == "POST" and form.is_valid():
        try:
            saved = services_entries.service_save(actor=request.user, organization=organization, service=service,
                                                  entry=form.entry())
        except services.DirectoryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Entry saved and recorded as reviewed today")
            return redirect(saved.get_absolute_url())
    return render(request, "directory/service_form.html", {
        "form": form, "organization": organization, "service": service,
        "back_url": service.get_absolute_url() if service else reverse("directory:manage")})
