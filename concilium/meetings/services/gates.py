"""The gates a text passes before a body agrees or adopts it, and the exceptions to them.

The ladder (`rules.ladder`): a body takes up a document only after the bodies the charter
names as preparing for it have agreed it; a silence procedure broken by a member stands until
that member states a new position. The languages (`rules.languages`): every official
language of the charter present and current in every paragraph. The secretariat may record
an exception for one document (`ladder_exception_record`, `language_waiver_record`), always
with the reason; a decision that relies on one names it in its outcome, so the minutes show
it. A refusal names the missing step or the paragraphs, and the rule.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.errors import Conflict, Forbidden, ValidationFailed
from concilium.core.services import record_change
from concilium.documents import models as dm
from concilium.documents.selectors import document_paragraphs
from concilium.meetings import models as m
from concilium.meetings import selectors
from concilium.meetings.services.common import document_for_write
from concilium.meetings.wording import language_name
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.rules import ladder, languages, pipeline
from concilium.rules.permissions import Actor, may_record_exception

ONLY_SECRETARIAT_EXCEPTS = _("Only the secretariat records an exception to a rule.")
REASON_REQUIRED = _("reason: say why the rule is set aside for this document.")
REASON_TOO_LONG = _("reason: at most {limit} characters.")
NOT_ON_THE_LADDER = _(
    "body: the {body} is not a step on the charter's path to the {approver} ({path}); the "
    "steps that can be set aside are: {known}.")
NO_LADDER = _("document: {symbol} is a {type}, which the charter gives to no body in "
              "particular; it has no path between bodies to set aside.")
ALREADY_EXCEPTED = _("{field}: an exception for {subject} on {symbol} is already recorded.")
LADDER_MISSING = _(
    "document: {symbol} cannot be {step} by the {body}: the charter's path is {path}, and "
    "{missing}. Record that decision first, or the secretariat records an exception with "
    "the reason (`concilium exception ladder {symbol} --body BODY --reason ...`).")
MISSING_STEP = _("the {below} has not agreed it for the {above}")
SILENCE_STANDS = _(
    "document: {symbol} cannot be {step}: {state} broke the silence procedure on it "
    "({reason}). A broken silence cannot end in adoption: the text can be agreed again once "
    "{state} states a new position on it.")

LANGUAGES_INCOMPLETE = _(
    "document: {symbol} cannot be {step}: the charter's official languages ({languages}) "
    "must be present and current in every paragraph, and {gaps}. Complete the translations, "
    "or the secretariat records a waiver with the reason (`concilium exception languages "
    "{symbol} --lang LANG --reason ...`).")
LANGUAGE_GAPS = _("in {language} ({lang}) {what}")
GAP_MISSING = _("paragraph(s) {numbers} are missing")
GAP_OUTDATED = _("paragraph(s) {numbers} are out of date")
NOT_OFFICIAL = _("lang: '{lang}' is not an official language of the charter ({known}); only "
                 "an official language can be waived.")

MAX_REASON_CHARS = 1000

#: Steps by which a body agrees or adopts a text; each must have climbed the ladder.
LADDER_STEPS = frozenset({pipeline.Step.AGREE_AD_REF, pipeline.Step.AGREE_SUBMIT,
                          pipeline.Step.APPROVE, pipeline.Step.ADOPT,
                          pipeline.Step.OPEN_SILENCE})


def _body_names() -> dict[str, str]:
    return {b.slug: b.name() for b in om.Body.objects.only("slug", "names")}


def _prepares() -> dict[str, str | None]:
    return {b.slug: b.prepares_for for b in org.charter().bodies}


def ladder_gate(doc: dm.Document, body: om.Body, step: pipeline.Step) -> list[dict]:
    """Refuse the step unless the document reached `body` by the charter's path; the
    exceptions it passed by, for the decision's outcome."""
    approver = doc.doc_type.approved_by
    if step not in LADDER_STEPS or approver is None:
        return []
    verdict = ladder.check(prepares=_prepares(), body=body.slug,
                           **selectors.ladder_facts(doc, approver.slug))
    label = pipeline.STEP_LABELS[step]
    if verdict.broken is not None:
        state = org.state_names("en").get(verdict.broken.state, verdict.broken.state)
        raise Conflict(SILENCE_STANDS, field="document", symbol=doc.symbol, step=label,
                       state=state, reason=verdict.broken.reason or "-")
    names = _body_names()
    if verdict.missing:
        missing = "; ".join(str(MISSING_STEP).format(below=names[x.body], above=names[x.above])
                            for x in verdict.missing)
        raise Conflict(LADDER_MISSING, field="document", symbol=doc.symbol, step=label,
                       body=names[body.slug], missing=missing,
                       path=" → ".join(names[b] for b in verdict.path))
    reasons = {x.subject: x.reason
               for x in selectors.rule_exceptions(doc, m.ExceptionRule.LADDER)}
    return [{"rule": m.ExceptionRule.LADDER.value, "subject": slug, "reason": reasons[slug]}
            for slug in verdict.waived]


def _numbers(numbers) -> str:
    return ", ".join(str(n) for n in numbers)


def _gap_text(gaps: languages.Gaps) -> str:
    parts = []
    if gaps.missing:
        parts.append(str(GAP_MISSING).format(numbers=_numbers(gaps.missing)))
    if gaps.outdated:
        parts.append(str(GAP_OUTDATED).format(numbers=_numbers(gaps.outdated)))
    return str(LANGUAGE_GAPS).format(language=language_name(gaps.lang), lang=gaps.lang,
                                     what=", ".join(parts))


def languages_gate(doc: dm.Document, step: pipeline.Step) -> list[dict]:
    """Refuse an agreement unless every official language is present and current in every
    paragraph (or waived); the waivers it passed by, with their paragraphs, for the outcome."""
    if step not in pipeline.NEEDS_CONSENSUS:
        return []
    official = org.charter().official_languages
    waivers = {x.subject: x.reason
               for x in selectors.rule_exceptions(doc, m.ExceptionRule.LANGUAGES)}
    verdict = languages.check(
        official, [(p.number, {lg: t.status for lg, t in p.texts.items()})
                   for p in document_paragraphs(doc)], waivers)
    if not verdict.allowed:
        raise Conflict(LANGUAGES_INCOMPLETE, field="document", symbol=doc.symbol,
                       step=pipeline.STEP_LABELS[step], languages=", ".join(official),
                       gaps="; ".join(_gap_text(g) for g in verdict.blocking))
    return [{"rule": m.ExceptionRule.LANGUAGES.value, "subject": g.lang,
             "paragraphs": list(g.paragraphs), "reason": waivers[g.lang]}
            for g in verdict.waived]


def gates(doc: dm.Document, body: om.Body, step: pipeline.Step) -> list[dict]:
    """Both gates, the ladder first; the exceptions the step relies on."""
    return [*ladder_gate(doc, body, step), *languages_gate(doc, step)]


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(REASON_REQUIRED, field="reason")
    if len(reason) > MAX_REASON_CHARS:
        raise ValidationFailed(REASON_TOO_LONG, field="reason", limit=MAX_REASON_CHARS)
    return reason


def record_exception(*, doc: dm.Document, rule: str, subject: str, reason: str,
                     field: str, acting_user: Actor) -> m.RuleException:
    """Write one exception (the caller has validated the subject); once per subject."""
    try:
        with transaction.atomic():
            row = m.RuleException.objects.create(document=doc, rule=rule, subject=subject,
                                                 reason=reason,
                                                 recorded_by=acting_user.username)
    except IntegrityError:
        raise ValidationFailed(ALREADY_EXCEPTED, field=field, subject=subject,
                               symbol=doc.symbol) from None
    record_change(actor=acting_user, action=Action.RULE_EXCEPTION, target_type="document",
                  target_id=doc.symbol, topic=doc.topic,
                  summary={"rule": rule, "subject": subject, "reason": reason})
    return row


@transaction.atomic
def ladder_exception_record(*, document: str, body: str, reason: str,
                            acting_user: Actor) -> m.RuleException:
    """The secretariat records that `document` may pass the step of `body` on the charter's
    path without that body's decision, and why (the ministers did not meet; the texts were
    agreed by correspondence)."""
    if not may_record_exception(acting_user):
        raise Forbidden(ONLY_SECRETARIAT_EXCEPTS)
    doc = document_for_write(document)
    reason = _reason(reason)
    approver = doc.doc_type.approved_by
    if approver is None:
        raise ValidationFailed(NO_LADDER, field="document", symbol=doc.symbol,
                               type=doc.doc_type.name())
    names = _body_names()
    steps = ladder.path_to(_prepares(), approver.slug)[:-1]
    slug = (body or "").strip().lower()
    if slug not in steps:
        raise ValidationFailed(NOT_ON_THE_LADDER, field="body", body=names.get(slug, body),
                               approver=names[approver.slug],
                               path=" → ".join(names[b] for b in (*steps, approver.slug)),
                               known=", ".join(steps) or "-")
    return record_exception(doc=doc, rule=m.ExceptionRule.LADDER, subject=slug, reason=reason,
                            field="body", acting_user=acting_user)


@transaction.atomic
def language_waiver_record(*, document: str, lang: str, reason: str,
                           acting_user: Actor) -> m.RuleException:
    """The secretariat records that `document` may be agreed without a complete and current
    text in the official language `lang`, and why (the Chinese text follows after the
    meeting)."""
    if not may_record_exception(acting_user):
        raise Forbidden(ONLY_SECRETARIAT_EXCEPTS)
    doc = document_for_write(document)
    reason = _reason(reason)
    official = org.charter().official_languages
    code = (lang or "").strip().lower()
    if code not in official:
        raise ValidationFailed(NOT_OFFICIAL, field="lang", lang=lang, known=", ".join(official))
    return record_exception(doc=doc, rule=m.ExceptionRule.LANGUAGES, subject=code,
                            reason=reason, field="lang", acting_user=acting_user)
