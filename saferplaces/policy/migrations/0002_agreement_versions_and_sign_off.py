"""Agreements become versions signed off by every party. Agreements active before this stay active:
each party gets a sign-off row with no signer and a note saying it was carried over, which the
agreement page shows."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


CARRIED_OVER = "Active before sign-off by every party was required; carried over by migration policy 0002"


def carry_over_active_agreements(apps, schema_editor):
    agreements = apps.get_model("policy", "InformationSharingAgreement")
    sign_offs = apps.get_model("policy", "AgreementSignOff")
    sign_offs.objects.bulk_create([
        sign_offs(agreement=agreement, agency=party, note=CARRIED_OVER)
        for agreement in agreements.objects.filter(status="active").prefetch_related("parties")
        for party in agreement.parties.all()
    ])


def forget_carried_over(apps, schema_editor):
    apps.get_model("policy", "AgreementSignOff").objects.filter(note=CARRIED_OVER).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_alter_user_role'),
        ('policy', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AgreementSignOff',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('signed_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('note', models.CharField(blank=True, max_length=300)),
            ],
            options={
                'ordering': ['signed_at', 'pk'],
            },
        ),
        migrations.AlterModelOptions(
            name='informationsharingagreement',
            options={'ordering': ['reference', 'version']},
        ),
        migrations.AddField(
            model_name='informationsharingagreement',
            name='previous',
            field=models.ForeignKey(blank=True, help_text='The version this one replaces', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='policy.informationsharingagreement'),
        ),
        migrations.AddField(
            model_name='informationsharingagreement',
            name='proposed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='informationsharingagreement',
            name='version',
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name='informationsharingagreement',
            name='reference',
            field=models.CharField(max_length=40),
        ),
        migrations.AlterField(
            model_name='informationsharingagreement',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('active', 'Active'), ('suspended', 'Suspended'), ('ended', 'Ended'), ('superseded', 'Superseded')], default='draft', max_length=20),
        ),
        migrations.AddConstraint(
            model_name='informationsharingagreement',
            constraint=models.UniqueConstraint(fields=('reference', 'version'), name='agreement_version_unique'),
        ),
        migrations.AddField(
            model_name='agreementsignoff',
            name='agency',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.agency'),
        ),
        migrations.AddField(
            model_name='agreementsignoff',
            name='agreement',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sign_offs', to='policy.informationsharingagreement'),
        ),
        migrations.AddField(
            model_name='agreementsignoff',
            name='signed_by',
            field=models.ForeignKey(blank=True, help_text='Empty only for agreements active before sign-off', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='agreementsignoff',
            constraint=models.UniqueConstraint(fields=('agreement', 'agency'), name='one_sign_off_per_party'),
        ),
        migrations.RunPython(carry_over_active_agreements, forget_carried_over),
    ]
