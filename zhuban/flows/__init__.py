"""Effects that cross apps, in one layer above them.

An app's service sends a domain event declared in ``<app>/events.py`` inside its transaction;
the receivers here call the other apps' services in order, in the same transaction, each
writing its own audit entries. So no app imports a peer or a higher layer, and what follows
from an event is read in one place: ``decisions`` (proposals complete, an approval opens a
dossier), ``consolidation`` (a dossier closes, the special report is reported), ``dashboard``
(the campaign dashboard's consolidation breakdown), ``inspection`` (consolidation's facts for the
checklist and case detection), ``policy`` (settings move the campaign's
dates) and ``notifying`` (events become notifications). The import-layering contracts in
pyproject.toml keep it so.
"""
