"""Moving one organisation between installations: a complete, versioned JSON export and its import.

The export holds the organisation, its people (e-mail, name and language; never a password hash or a second
factor: an advisor's account serves other companies too, and a company's file must not carry its people's
credentials, so people set a password on the new installation with "Forgot your password?") and every
row that belongs to it: rows of every model with a foreign key to the organisation, and rows of models that
only point at such rows (e.g. KPI measurements of a target), found by following foreign keys, so a capability
added later is exported without a change here. Secrets and state that only make sense in this installation are
left out (see EXCLUDED). The schema of the file is in docs/moving-data.md.

The import creates a new organisation (a new short name if the old one is taken), matches people by e-mail
(an existing account keeps its password), gives every row a new id and rewrites the references, all in one
transaction: a file that does not fit leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import Model

import rashinban
from rashinban.backups.dump import ExactJSONEncoder
from rashinban.backups.migrations import applied_migrations, as_manifest
from rashinban.i18n import _
from rashinban.orgs.models import Membership, Organisation, User, new_slug

FORMAT = "rashinban.organisation"
FORMAT_VERSION = 1
# Not moved: credentials of this installation (API tokens, invitation and survey-link hashes, the drill mail
# server's settings with their encrypted password), the task queue, and the sign-in throttle; and what would
# show one person's answers or drill behaviour, which the pages only show as aggregates of a minimum group:
# single staff responses (the diagnosis carries the released aggregate, assessments.anonymity) and the drill
# recipients and their events. tests/backups/test_export_holds_no_secrets.py checks every name here exists.
EXCLUDED = {
    "api.apitoken",
    "orgs.invitation",
    "orgs.membership",  # written from "people" instead
    "assessments.surveylink",
    "assessments.staffresponse",
    "tasks.job",
    "tasks.schedule",
    "drills.mailsettings",
    "drills.recipient",
    "drills.event",
    "evidence.sourceconnection",  # a client secret or service account key, encrypted with this installation's key
    # Notifications: chat webhook URLs and tokens, webhook signing secrets, feed token hashes (credentials, encrypted
    # with this installation's key), and what is queued or was sent from this installation. Set up again after a move.
    "notify.channel",
    "notify.endpoint",
    "notify.delivery",
    "notify.attempt",
    "notify.feed",
    "notify.pending",
    "notify.sent",
    "notify.personchoice",
    "mailbox.mailbox",  # an IMAP password, encrypted with this installation's key
    "frameworks.publicpage",  # the hash of the page's secret link: a credential of this installation; turned on anew
    "questionnaires.upload",  # a customer's workbook kept only between review and download (the last ten)
    "nextsteps.keptplan",  # derived from the rest, signed with this installation's key; computed again when asked
}
USER_FIELDS = ("email", "display_name", "language", "date_joined")


class MoveError(ValueError):
    """The file cannot be imported; the message names what is wrong."""


def _key(model: type[Model]) -> str:
    return model._meta.label_lower


def _relations(model: type[Model]) -> list[models.ForeignKey]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def owned_models() -> list[type[Model]]:
    """Models whose rows belong to an organisation, parents before children (references resolve in order)."""
    owned: set[type[Model]] = set()
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in owned or _key(model) in EXCLUDED or model is Organisation:
                continue
            targets = {f.related_model for f in _relations(model)}
            if Organisation in targets or targets & owned:
                owned.add(model)
                changed = True
    ordered: list[type[Model]] = []
    pending = sorted(owned, key=_key)
    while pending:
        progressed = False
        for model in list(pending):
            parents = {
                f.related_model for f in _relations(model) if f.related_model in owned and f.related_model is not model
            }
            if parents <= set(ordered):
                ordered.append(model)
                pending.remove(model)
                progressed = True
        if not progressed:  # a cycle between two models: keep going, nullable references are fixed below
            ordered.extend(pending)
            break
    return ordered


def _rows_of(model: type[Model], organisation: Organisation, exported: dict[type[Model], set[Any]]) -> models.QuerySet:
    condition = models.Q(pk__in=[])
    for field in _relations(model):
        if field.related_model is Organisation:
            condition |= models.Q(**{field.attname: organisation.pk})
        elif field.related_model in exported:
            condition |= models.Q(**{f"{field.attname}__in": exported[field.related_model]})
    return model._default_manager.filter(condition).order_by("pk")


def _plain(model: type[Model], row: Model) -> dict[str, Any]:
    return {field.attname: field.value_from_object(row) for field in model._meta.concrete_fields}


def export_organisation(organisation: Organisation) -> dict[str, Any]:
    _loader, applied = applied_migrations(connection)
    memberships = Membership.objects.filter(organisation=organisation).select_related("user").order_by("id")
    data: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "rashinban": rashinban.__version__,
        "migrations": as_manifest(applied),
        "organisation": {k: v for k, v in _plain(Organisation, organisation).items() if k != "id"},
        "people": [
            {
                "id": m.user_id,
                **{f: getattr(m.user, f) for f in USER_FIELDS},
                "role": m.role,
                "active": m.active,
            }
            for m in memberships
        ],
        "rows": {},
    }
    exported: dict[type[Model], set[Any]] = {}
    for model in owned_models():
        rows = list(_rows_of(model, organisation, exported))
        exported[model] = {row.pk for row in rows}
        if rows:
            data["rows"][_key(model)] = [_plain(model, row) for row in rows]
    return data


def dumps(data: dict[str, Any]) -> str:
    import json

    # Every microsecond, as the backup keeps them: Django's encoder cuts times to milliseconds, so a move was
    # lossy and a time whose microseconds were under 1,000 came back written differently.
    return json.dumps(data, cls=ExactJSONEncoder, ensure_ascii=False, indent=1)


def _check(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise MoveError(_("this is not an organisation export of Rashinban (the field “format” is missing)"))
    if data.get("version") != FORMAT_VERSION:
        raise MoveError(
            _("export format version %(found)s is not supported (this installation reads version %(ours)s)")
            % {"found": data.get("version"), "ours": FORMAT_VERSION}
        )
    shapes = {"migrations": dict, "organisation": dict, "people": list, "rows": dict}
    for key, kind in shapes.items():
        if data.get(key) is not None and not isinstance(data[key], kind):
            raise MoveError(_("the field “%(field)s” does not have the shape of an export") % {"field": key})
    if not all(isinstance(p, dict) for p in data.get("people") or []):
        raise MoveError(_("the field “%(field)s” does not have the shape of an export") % {"field": "people"})
    if not all(isinstance(names, list) for names in (data.get("migrations") or {}).values()):
        raise MoveError(_("the field “%(field)s” does not have the shape of an export") % {"field": "migrations"})
    if not all(isinstance(rows, list) for rows in (data.get("rows") or {}).values()):
        raise MoveError(_("the field “%(field)s” does not have the shape of an export") % {"field": "rows"})
    _loader, applied = applied_migrations(connection)
    ours = as_manifest(applied)
    for app, names in (data.get("migrations") or {}).items():
        if app in ours and names and names[-1] not in ours[app]:
            raise MoveError(
                _(
                    "the export comes from a newer version of Rashinban (%(app)s: %(migration)s); "
                    "update this installation first"
                )
                % {"app": app, "migration": names[-1]}
            )
    for label in data.get("rows", {}):
        try:
            apps.get_model(label)
        except LookupError:
            raise MoveError(
                _("the export holds data of “%(label)s”, which this installation does not know") % {"label": label}
            ) from None


def _people(entries: Iterable[dict[str, Any]]) -> dict[Any, User]:
    users: dict[Any, User] = {}
    for entry in entries:
        email = str(entry.get("email", "")).strip().lower()
        if not email:
            raise MoveError(_("a person in the export has no e-mail address"))
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(
                username=email,
                email=email,
                display_name=entry.get("display_name") or "",
                language=entry.get("language") or "ja",
            )
            user.set_unusable_password()  # a password is set through "Forgot your password?" (docs/moving-data.md)
            user.save()
        users[entry.get("id")] = user
    return users


@transaction.atomic
def import_organisation(data: Any) -> Organisation:
    _check(data)
    fields = dict(data.get("organisation") or {})
    slug = fields.get("slug") or ""
    if not slug or Organisation.objects.filter(slug=slug).exists():
        fields["slug"] = new_slug(str(fields.get("name", "")))
    columns = {f.attname: f for f in Organisation._meta.concrete_fields if not f.primary_key}
    values = {k: _value(columns[k], v, "organisation") for k, v in fields.items() if k in columns}
    organisation = Organisation.objects.create(**values)
    users = _people(data.get("people") or [])
    for entry in data.get("people") or []:
        Membership.objects.create(
            user=users[entry.get("id")],
            organisation=organisation,
            role=entry.get("role") or "member",
            active=bool(entry.get("active", True)),
        )
    new_ids: dict[type[Model], dict[Any, Any]] = {Organisation: {}, User: {k: u.pk for k, u in users.items()}}
    rows = data.get("rows") or {}
    if not isinstance(rows, dict):
        raise MoveError(_("“rows” must map table names to lists of rows"))
    for model in owned_models():
        label = _key(model)
        if label not in rows:
            continue
        new_ids[model] = {}
        later: list[tuple[Model, models.ForeignKey, Any]] = []  # references to rows of the same table
        for index, entry in enumerate(rows[label], start=1):
            where = f"rows.{label}[{index}]"
            if not isinstance(entry, dict):
                raise MoveError(_("%(where)s: a row must be an object") % {"where": where})
            row = _create(model, entry, organisation, new_ids, where, later)
            new_ids[model][entry.get("id")] = row.pk
        for row, field, old in later:
            model._default_manager.filter(pk=row.pk).update(**{field.attname: new_ids[model].get(old)})
    return organisation


def _value(field: models.Field, value: Any, where: str) -> Any:
    try:
        return field.to_python(value)
    except Exception as error:  # ValidationError, ValueError: the value does not fit the column
        raise MoveError(
            _("%(where)s: %(field)s: %(problem)s") % {"where": where, "field": field.name, "problem": error}
        ) from None


def _create(
    model: type[Model],
    entry: dict[str, Any],
    organisation: Organisation,
    new_ids: dict[type[Model], dict[Any, Any]],
    where: str,
    later: list[tuple[Model, models.ForeignKey, Any]],
) -> Model:
    values: dict[str, Any] = {}
    deferred: list[tuple[models.ForeignKey, Any]] = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname not in entry:
            continue
        value = entry[field.attname]
        if isinstance(field, models.ForeignKey) and value is not None:
            target = field.related_model
            if target is Organisation:
                value = organisation.pk
            elif target is model and field.null:
                deferred.append((field, value))
                value = None
            elif target in new_ids and value in new_ids[target]:
                value = new_ids[target][value]
            elif field.null:
                value = None  # points at something not moved (e.g. a person who is no longer a member)
            else:
                raise MoveError(
                    _("%(where)s: %(field)s points at a row that is not in the export")
                    % {"where": where, "field": field.name}
                )
        else:
            value = _value(field, value, where)
        values[field.attname] = value
    row = model(**values)
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except Exception as error:  # IntegrityError, DataError: name the row
        raise MoveError(_("%(where)s: %(problem)s") % {"where": where, "problem": error}) from None
    later.extend((row, field, old) for field, old in deferred)
    # auto_now fields were stamped with the time of the import by save(); give them back their own value.
    stamped = {
        f.attname: values[f.attname]
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) and values.get(f.attname) is not None
    }
    if stamped:
        model._default_manager.filter(pk=row.pk).update(**stamped)
    return row
