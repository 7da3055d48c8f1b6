"""Negotiated documents: paragraphs with a text per language, versions, proposals, positions.

The working text (paragraphs and their texts) is the current state; every accepted change
also writes an immutable `Version` snapshot (Rev.1, Rev.2 ...), so history is never lost.
Proposals and positions are append-only: a changed position is a new row, the latest per
(state, paragraph) counts.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from concilium.organization.models import pick_name
from concilium.rules.permissions import Classification


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    NEGOTIATION = "negotiation", _("in negotiation")
    AGREED_AD_REF = "agreed_ad_ref", _("agreed ad referendum")
    AGREED = "agreed", _("agreed")
    SUBMITTED = "submitted", _("submitted")
    SILENCE = "silence", _("under silence procedure")
    ADOPTED = "adopted", _("adopted")
    APPROVED = "approved", _("approved")
    NOTED = "noted", _("taken note of")
    WITHDRAWN = "withdrawn", _("withdrawn")


CLOSED_STATUSES = {DocumentStatus.ADOPTED, DocumentStatus.APPROVED, DocumentStatus.WITHDRAWN,
                   DocumentStatus.NOTED}


class Document(models.Model):
    CLASSIFICATIONS = [
        (Classification.MEMBERS.value, _("members only")),
        (Classification.RELEASED.value, _("released to observers and partners")),
        (Classification.PUBLIC.value, _("public")),
    ]

    symbol = models.CharField(max_length=80, unique=True)
    doc_type = models.ForeignKey("organization.DocumentType", on_delete=models.PROTECT)
    titles = models.JSONField(default=dict)
    origin_body = models.ForeignKey("organization.Body", on_delete=models.PROTECT,
                                    related_name="originated")
    approving_body = models.ForeignKey("organization.Body", on_delete=models.PROTECT,
                                       related_name="to_approve")
    classification = models.CharField(max_length=20, choices=CLASSIFICATIONS,
                                      default=Classification.MEMBERS.value)
    status = models.CharField(max_length=20, choices=DocumentStatus.choices,
                              default=DocumentStatus.DRAFT)
    original_language = models.CharField(max_length=8, default="en")
    # Who the decision concerns, for consensus minus one (suspension, expulsion).
    decision_kind = models.CharField(max_length=40, default="adoption")
    concerned_state = models.ForeignKey("organization.State", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    # Optimistic concurrency: bumped by every accepted change; a stale write is refused.
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["symbol"]

    def __str__(self) -> str:
        return self.symbol

    def title(self, lang: str | None = None) -> str:
        return pick_name(self.titles, lang, self.symbol)

    @property
    def revision_label(self) -> str:
        return f"Rev.{self.version}" if self.version else ""

    @property
    def topic(self) -> str:
        return self.topic_of(self.symbol)

    @staticmethod
    def topic_of(symbol: str) -> str:
        """The live and audit topic of the document `symbol`."""
        return f"document:{symbol}"


class Paragraph(models.Model):
    """A paragraph with a stable key; its number is the same in every language version."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="paragraphs")
    key = models.CharField(max_length=20)
    position = models.PositiveIntegerField()
    # The number shown (1, 2, ...), renumbered when a paragraph is inserted or deleted;
    # None for a deleted paragraph. The key never changes.
    number = models.PositiveIntegerField(null=True, blank=True)
    deleted = models.BooleanField(default=False)
    created_in_version = models.PositiveIntegerField(default=0)
    # States the text names otherwise (e.g. the proponent of an initiative the paragraph
    # welcomes): left out of the listed supporters without changing the outcome.
    proponents = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["document", "position"]
        constraints = [models.UniqueConstraint(fields=["document", "key"],
                                               name="paragraph_unique_key")]
        indexes = [models.Index(fields=["document", "position"])]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.key}"


class ParagraphText(models.Model):
    """A paragraph's text in one language, in bracket notation.

    `edit_seq` grows with every edit of any language of the document; a language version is
    out of date when another language's text of the same paragraph has a higher `edit_seq`.
    """

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="texts")
    lang = models.CharField(max_length=8)
    text = models.TextField()
    bracket_count = models.PositiveIntegerField(default=0)
    edit_seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paragraph", "lang"],
                                               name="paragraph_text_unique_lang")]

    def __str__(self) -> str:
        return f"{self.paragraph_id}:{self.lang}"


class Version(models.Model):
    """An immutable snapshot of the whole text: Rev.N after the N-th accepted change."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150)
    note = models.CharField(max_length=500, blank=True)
    # [{"key": "p1", "number": 1, "texts": {"en": "...", "ru": "..."}}, ...]
    snapshot = models.JSONField()
    titles = models.JSONField(default=dict)

    class Meta:
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"],
                                               name="version_unique_number")]

    def __str__(self) -> str:
        return f"{self.document_id} {self.label}"

    @property
    def label(self) -> str:
        return f"Rev.{self.number}" if self.number else "original"


class ProposalKind(models.TextChoices):
    INSERT = "insert", _("insert a paragraph")
    REPLACE = "replace", _("replace a paragraph")
    DELETE = "delete", _("delete a paragraph")
    AMEND = "amend", _("amend a span")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    SUPERSEDED = "superseded", _("superseded")


class Proposal(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="proposals")
    paragraph = models.ForeignKey(Paragraph, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="proposals")
    # For an insert: the paragraph after which the new one goes (None: at the start).
    after = models.ForeignKey(Paragraph, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    kind = models.CharField(max_length=10, choices=ProposalKind.choices)
    lang = models.CharField(max_length=8)
    # For an amend: the exact span of current text to change, and what replaces it.
    span = models.TextField(blank=True)
    text = models.TextField(blank=True)
    explanation = models.TextField(blank=True)
    # The proposing delegation; None for the secretariat's own proposals (e.g. imported
    # tracked changes).
    state = models.ForeignKey("organization.State", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="proposals")
    by_chair = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=ProposalStatus.choices,
                              default=ProposalStatus.PENDING)
    base_version = models.PositiveIntegerField()
    created_by = models.CharField(max_length=150)
    on_behalf = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    result_version = models.PositiveIntegerField(null=True, blank=True)
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded")

    class Meta:
        ordering = ["document", "created_at", "id"]

    def __str__(self) -> str:
        return f"proposal {self.pk} ({self.kind}, {self.status})"


class Stance(models.TextChoices):
    AGREE = "agree", _("agrees")
    VIEW = "view", _("agrees, with a view for the minutes")
    NOT_PARTICIPATING = "not_participating", _("does not participate")
    OBJECT = "object", _("objects")


class Position(models.Model):
    """A member state's position on a paragraph (or, with no paragraph, the whole document).

    Never updated: a change of position is a new row; the latest per (state, paragraph) counts.
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="positions")
    paragraph = models.ForeignKey(Paragraph, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="positions")
    state = models.ForeignKey("organization.State", on_delete=models.PROTECT,
                              related_name="positions")
    stance = models.CharField(max_length=20, choices=Stance.choices)
    text = models.TextField(blank=True)
    ad_referendum = models.BooleanField(default=False)
    recorded_by = models.CharField(max_length=150)
    on_behalf = models.BooleanField(default=False)
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "id"]
        indexes = [models.Index(fields=["document", "state", "paragraph"])]

    def __str__(self) -> str:
        return f"{self.state_id} {self.stance} on {self.paragraph_id or 'the document'}"


class TextOutcome(models.Model):
    """What the chair recorded on a paragraph (or, with no paragraph, the whole text): agreed
    ad referendum, agreed, or agreed with the views stated noted. Never updated: the latest
    row per paragraph counts; the consensus engine must allow it when it is recorded."""

    class Kind(models.TextChoices):
        AGREED_AD_REF = "agreed_ad_ref", _("agreed ad referendum")
        AGREED = "agreed", _("agreed")
        VIEWS_NOTED = "views_noted", _("agreed, views noted")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="outcomes")
    paragraph = models.ForeignKey(Paragraph, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="outcomes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(blank=True)
    recorded_by = models.CharField(max_length=150)
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "id"]

    def __str__(self) -> str:
        return f"{self.kind} on {self.paragraph_id or 'the text'}"


class ChairFocus(models.Model):
    """The paragraph the chair has opened for discussion: the screen in the room shows it.
    Never updated: the latest row per document counts."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="focus")
    paragraph = models.ForeignKey(Paragraph, null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+")
    set_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} at {self.paragraph_id or 'the whole text'}"
