from django.db import models

from saferplaces.policy.models import Protected


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    OTHER = "X", "Other or not stated"


class Person(Protected):
    """One agency's record of a person. Linkage (later) connects records of the same person."""

    DATA_CATEGORY = "person"

    forename = models.CharField(max_length=100)
    surname = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    address = models.CharField(max_length=300, blank=True)
    source_reference = models.CharField(
        max_length=60, blank=True, help_text="The owning agency's own reference for this person"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["surname", "forename", "pk"]
        indexes = [models.Index(fields=["surname", "forename"])]

    def __str__(self):
        return f"{self.forename} {self.surname}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("people:detail", kwargs={"pk": self.pk})
