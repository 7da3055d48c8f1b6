"""Writes to the registry. `organization_init` loads a charter; running it twice changes nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.errors import Forbidden, ValidationFailed
from concilium.core.services import record_change
from concilium.organization import models as m
from concilium.organization import selectors
from concilium.rules.charter import Charter, charter_path, load_charter
from concilium.rules.permissions import Actor, may_manage_registry

ONLY_SECRETARIAT = _("Only the secretariat keeps the registry.")
OTHER_ORGANIZATION = _(
    "charter: this database already serves '{current}'; a charter for '{new}' needs its own "
    "database (set DATABASE_URL)."
)


@dataclass
class InitReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def count(self, kind: str, created: bool, updated: bool) -> None:
        if created:
            self.created[kind] = self.created.get(kind, 0) + 1
        elif updated:
            self.updated[kind] = self.updated.get(kind, 0) + 1


def _upsert(model, lookup: dict, values: dict):
    """Create or update one row; report (row, created, updated) without touching equal rows."""
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **values), True, False
    changed = [k for k, v in values.items() if getattr(row, k) != v]
    for k in changed:
        setattr(row, k, values[k])
    if changed:
        row.save(update_fields=changed)
    return row, False, bool(changed)


def _sync(report: InitReport, kind: str, model, items, key_of, related=()) -> dict:
    """Bring `model` in line with `items` [(key, fields)]: create what is new (in bulk), update
    what differs, leave equal rows untouched. `key_of(row)` gives an existing row's key."""
    existing = {key_of(row): row for row in model.objects.select_related(*related)}
    out, new = {}, []
    for key, fields in items:
        row = existing.get(key)
        if row is None:
            row = model(**fields)
            new.append(row)
            report.count(kind, True, False)
        else:
            changed = [k for k, v in fields.items() if getattr(row, k) != v]
            for k in changed:
                setattr(row, k, fields[k])
            if changed:
                row.save(update_fields=changed)
                report.count(kind, False, True)
        out[key] = row
    model.objects.bulk_create(new)
    return out


@transaction.atomic
def organization_init(*, charter: Charter, charter_text: str, acting_user: Actor) -> InitReport:
    """Load a charter's rules and reference registry into the database, in a few queries."""
    if not may_manage_registry(acting_user):
        raise Forbidden(ONLY_SECRETARIAT)
    existing = m.Organization.objects.first()
    if existing and existing.slug != charter.slug:
        raise ValidationFailed(OTHER_ORGANIZATION, field="charter", current=existing.slug,
                               new=charter.slug)
    report = InitReport()
    sha = hashlib.sha256(charter_text.encode("utf-8")).hexdigest()
    _sync(report, "organization", m.Organization, [(charter.slug, {
        "slug": charter.slug, "names": dict(charter.name),
        "short_names": dict(charter.short_name), "charter_source": Path(charter.source).name,
        "charter_text": charter_text, "charter_sha256": sha})], lambda r: r.slug)
    if report.updated.get("organization"):
        m.Organization.objects.filter(slug=charter.slug).update(loaded_at=timezone.now())

    states = _sync(report, "states", m.State, [
        (s.code, {"code": s.code, "names": dict(s.name)}) for s in charter.states],
        lambda r: r.code)

    bodies = _sync(report, "bodies", m.Body, [(b.slug, {
        "slug": b.slug, "names": dict(b.name), "short_names": dict(b.short),
        "chair_rule": b.chair.value, "chair_office": b.chair_office or "",
        "permanent": b.permanent, "seat": b.seat or "", "position": i})
        for i, b in enumerate(charter.bodies)], lambda r: r.slug)
    for b in charter.bodies:
        row = bodies[b.slug]
        target = bodies[b.prepares_for] if b.prepares_for else None
        if row.prepares_for_id != (target.pk if target else None):
            if row.prepares_for_id is not None or not report.created.get("bodies"):
                report.count("bodies", False, True)
            row.prepares_for = target
            row.save(update_fields=["prepares_for"])

    offices = _sync(report, "offices", m.Office, [(o.slug, {
        "slug": o.slug, "names": dict(o.name), "body": bodies.get(o.body) if o.body else None,
        "per_state": o.per_state, "term_years": o.term_years}) for o in charter.offices],
        lambda r: r.slug)

    _sync(report, "document_types", m.DocumentType, [(t.slug, {
        "slug": t.slug, "names": dict(t.name),
        "approved_by": bodies.get(t.approved_by) if t.approved_by else None,
        "rule": t.rule.value, "position": i}) for i, t in enumerate(charter.document_types)],
        lambda r: r.slug)

    _sync(report, "memberships", m.Membership, [((ms.state, ms.status.value, ms.start), {
        "state": states[ms.state], "status": ms.status.value, "start": ms.start,
        "end": ms.end, "note": ms.note}) for ms in charter.memberships],
        lambda r: (r.state.code, r.status, r.start), related=["state"])

    _sync(report, "organizations", m.PartnerOrganization, [(o.slug, {
        "slug": o.slug, "names": dict(o.name), "short_names": dict(o.short)})
        for o in charter.organizations], lambda r: r.slug)

    _sync(report, "officials", m.Official, [((off.office, off.start, off.name["en"]), {
        "office": offices[off.office], "start": off.start, "names": dict(off.name),
        "end": off.end, "note": off.note, "state": states[off.state] if off.state else None})
        for off in charter.officials], lambda r: (r.office.slug, r.start, r.names.get("en")),
        related=["office"])

    _sync(report, "presidencies", m.Presidency, [(p.start, {
        "state": states[p.state], "start": p.start, "end": p.end, "reason": p.reason})
        for p in charter.presidencies], lambda r: r.start)

    if report.changed:
        record_change(actor=acting_user, action=Action.REGISTRY_INIT, target_type="organization",
                      target_id=charter.slug, topic="registry",
                      summary={"created": report.created, "updated": report.updated,
                               "charter_sha256": sha})
    return report


def organization_init_from_file(*, path, acting_user: Actor) -> tuple[Charter, InitReport]:
    """Read, validate and load a charter file; a broken file raises CharterError first."""
    charter = load_charter(path)
    text = charter_path(path).read_text(encoding="utf-8")
    return charter, organization_init(charter=charter, charter_text=text,
                                      acting_user=acting_user)


NO_REASON = _("reason: a presidency that departs from the default rotation needs a reason.")


@transaction.atomic
def presidency_record(*, state: str, start, end=None, reason: str = "", acting_user: Actor):
    """Record a presidency term; a deviation from the default order must give its reason."""
    if not may_manage_registry(acting_user):
        raise Forbidden(ONLY_SECRETARIAT)
    state_obj = selectors.state_get(state)
    previous = m.Presidency.objects.filter(start__lt=start).order_by("-start").first()
    if previous is not None and not reason:
        expected = selectors.default_successor_of(previous.state.code, start, previous.start)
        if expected.state != state_obj.code:
            raise ValidationFailed(NO_REASON, field="reason")
    row, created, updated = _upsert(m.Presidency, {"start": start},
                                    {"state": state_obj, "end": end, "reason": reason})
    if created or updated:
        record_change(actor=acting_user, action=Action.PRESIDENCY_RECORD,
                      target_type="presidency", target_id=str(start), topic="registry",
                      summary={"after": {"state": state_obj.code, "start": start, "end": end,
                                         "reason": reason}})
    return row
