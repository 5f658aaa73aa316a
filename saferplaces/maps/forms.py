from saferplaces.audit.justification import JustificationForm


class MapReasonForm(JustificationForm):
    """Why the viewer needs the ASB cases and incidents on the map: logged as a search of the cases."""
