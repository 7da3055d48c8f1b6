"""The audit log: an append-only, hash-chained record of every write.

Each record carries the hash of the one before it, so changing or removing any record
breaks the chain from there on; `concilium audit verify` finds the first break. Records
double as the live event log: a browser resuming a stream asks for records after the
last `seq` it saw on its topics.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """Every kind of write, in one place."""

    REGISTRY_INIT = "registry.init", _("registry initialised from charter")
    STATE_SAVE = "state.save", _("state saved")
    MEMBERSHIP_SAVE = "membership.save", _("membership saved")
    BODY_SAVE = "body.save", _("body saved")
    OFFICE_SAVE = "office.save", _("office saved")
    OFFICIAL_SAVE = "official.save", _("official saved")
    ORGANIZATION_SAVE = "organization.save", _("partner organization saved")
    PRESIDENCY_RECORD = "presidency.record", _("presidency recorded")
    ORGANIZATION_RECORD_SAVE = "organization_record.save", _("organization record saved")
    DOCUMENT_TYPE_SAVE = "document_type.save", _("document type saved")
    USER_CREATE = "user.create", _("user created")
    USER_UPDATE = "user.update", _("user changed")
    TOKEN_CREATE = "token.create", _("API token created")
    TOKEN_REVOKE = "token.revoke", _("API token revoked")
    PROFILE_SAVE = "profile.save", _("account role or binding saved")
    TOKEN_SAVE = "token.save", _("API token changed or revoked")
    DOCUMENT_CREATE = "document.create", _("document created")
    DOCUMENT_UPDATE = "document.update", _("document updated")
    DOCUMENT_REVISE = "document.revise", _("new version of a document")
    PARAGRAPH_EDIT = "paragraph.edit", _("paragraph text edited")
    PROPOSAL_CREATE = "proposal.create", _("proposal made")
    PROPOSAL_DECIDE = "proposal.decide", _("proposal accepted, rejected or withdrawn")
    POSITION_RECORD = "position.record", _("position recorded")
    CHAIR_TEXT = "chair.text", _("chair's text tabled")
    MEETING_SAVE = "meeting.save", _("meeting saved")
    MEETING_CANCEL = "meeting.cancel", _("meeting cancelled")
    AGENDA_SAVE = "agenda.save", _("agenda item saved")
    DELEGATION_SAVE = "delegation.save", _("delegation saved")
    CIRCULATION = "document.circulate", _("document circulated")
    DECISION_RECORD = "decision.record", _("decision recorded")
    SILENCE_OPEN = "silence.open", _("silence procedure opened")
    SILENCE_BREAK = "silence.break", _("silence broken")
    SILENCE_CLOSE = "silence.close", _("silence procedure closed")
    REGISTRY_ENTRY = "registry.entry", _("document registered")
    RULE_EXCEPTION = "rule.exception", _("exception to a rule recorded")
    VOTE_RECORD = "vote.record", _("vote recorded")
    COMPOSE = "outcome.compose", _("outcome text composed")
    EXPORT_REQUEST = "export.request", _("export requested")
    CERTIFY = "outcome.certify", _("certified copy issued")
    TEXT_OUTCOME = "text.outcome", _("outcome on a text recorded")
    CHAIR_FOCUS = "chair.focus", _("paragraph opened by the chair")
    FLOOR_REQUEST = "floor.request", _("floor requested")
    FLOOR_GIVE = "floor.give", _("floor given")
    FLOOR_CLOSE = "floor.close", _("floor closed")
    DELEGATION_COMPOSE = "delegation.compose", _("composition of a delegation recorded")
    CREDENTIALS_RECORD = "delegation.credentials", _("credentials of a delegation recorded")
    NOTE_ISSUE = "correspondence.note", _("note verbale issued")
    FOLLOW_SAVE = "notification.follow", _("notification settings or follows saved")
    CALENDAR_FEED = "calendar.feed", _("calendar feed address created or revoked")


class AuditRecord(models.Model):
    seq = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    role = models.CharField(max_length=20)
    acting_for = models.CharField(max_length=10, blank=True)
    on_behalf = models.BooleanField(default=False)
    action = models.CharField(max_length=40, choices=Action.choices)
    target_type = models.CharField(max_length=40)
    target_id = models.CharField(max_length=80)
    topic = models.CharField(max_length=120, blank=True, db_index=True)
    summary = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        # By topic, then sequence: a topic's records in order, and its latest one (every
        # poll of a document asks for it) found without sorting its history.
        indexes = [models.Index(fields=["topic", "seq"], name="audit_topic_seq")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.target_type}:{self.target_id} by {self.actor}"
