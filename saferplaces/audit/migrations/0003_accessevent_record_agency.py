"""The agency holding the record of an access event, so that a data protection officer reads the events on
their agency's records. Events written before it keep no agency: audit rows are never updated, so those
events reach a data protection officer through the agency of the person who acted only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_alter_user_role'),
        ('audit', '0002_append_only_triggers'),
    ]

    operations = [
        migrations.AddField(
            model_name='accessevent',
            name='record_agency',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.agency'),
        ),
    ]
