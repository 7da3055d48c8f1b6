"""Meetings of bodies, their agendas and delegations, and what they decided.

Decisions are append-only: each records the consensus outcome it was checked against. A
document's history across the councils is the list of decisions taken on it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from concilium.organization.models import pick_name


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    VIDEO = "video", _("by video conference")
    HYBRID = "hybrid", _("hybrid")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_SESSION = "in_session", _("in session")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")


class Meeting(models.Model):
    slug = models.SlugField(max_length=60, unique=True)  # <body>-<yyyy>-<mm>-<dd>
    body = models.ForeignKey("organization.Body", on_delete=models.PROTECT,
                             related_name="meetings")
    start = models.DateField()
    end = models.DateField()
    format = models.CharField(max_length=12, choices=MeetingFormat.choices)
    city = models.JSONField(default=dict, blank=True)  # name per language
    host_state = models.ForeignKey("organization.State", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="hosted")
    chair_state = models.ForeignKey("organization.State", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="chaired")
    chair_official = models.ForeignKey("organization.Official", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="chaired")
    chair_override_reason = models.CharField(max_length=500, blank=True)
    extraordinary = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    version = models.PositiveIntegerField(default=0)
    # iCalendar's SEQUENCE: raised whenever what a subscriber's calendar shows changes (the
    # dates, the place, the format, a cancellation), so calendar programs replace the event.
    sequence = models.PositiveIntegerField(default=0)

    CALENDAR_FIELDS = ("start", "end", "format", "city")
    """What a subscriber's calendar shows of a meeting, and its followers are told of: a
    change to any of these raises `sequence`."""

    class Meta:
        ordering = ["start", "body__position"]

    def __str__(self) -> str:
        return self.slug

    def city_name(self, lang: str | None = None) -> str:
        return pick_name(self.city, lang) if self.city else ""

    @property
    def topic(self) -> str:
        return f"meeting:{self.slug}"


class SideEvent(models.Model):
    """Something around a meeting, e.g. the President meeting the ministers by video."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="side_events")
    date = models.DateField()
    format = models.CharField(max_length=12, choices=MeetingFormat.choices)
    titles = models.JSONField(default=dict)
    host_official = models.ForeignKey("organization.Official", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {pick_name(self.titles, 'en')}"


class Attendance(models.TextChoices):
    EXPECTED = "expected", _("expected")
    PRESENT = "present", _("present")
    ABSENT = "absent", _("absent")


class Delegation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="delegations")
    state = models.ForeignKey("organization.State", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="delegations")
    organization = models.ForeignKey("organization.PartnerOrganization", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="delegations")
    head = models.ForeignKey("organization.Official", null=True, blank=True,
                             on_delete=models.PROTECT, related_name="headed")
    head_name = models.JSONField(default=dict, blank=True)  # when not a recorded official
    members = models.JSONField(default=list, blank=True)
    attendance = models.CharField(max_length=10, choices=Attendance.choices,
                                  default=Attendance.EXPECTED)
    # The composition as the delegation submits it: the head's title per language, and the
    # members and advisers as [{"name": {lang: ...}, "title": {lang: ...}}] (`members`
    # keeps the members' names, as the minutes list them).
    head_title = models.JSONField(default=dict, blank=True)
    member_list = models.JSONField(default=list, blank=True)
    advisers = models.JSONField(default=list, blank=True)
    # Credentials: the day the secretariat received them and who recorded it (None: missing).
    credentials_received = models.DateField(null=True, blank=True)
    credentials_recorded_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["meeting", "state__code", "organization__slug"]

    def __str__(self) -> str:
        return f"delegation {self.state_id or self.organization_id} at {self.meeting_id}"

    @property
    def head_named(self) -> bool:
        return bool(self.head_id or any(self.head_name.values())
                    or any((self.head_title or {}).values()))

    @property
    def complete(self) -> bool:
        """Head named (or given by title) and credentials received."""
        return self.head_named and self.credentials_received is not None


class DecisionSought(models.TextChoices):
    AGREE_SUBMIT = "agree_submit", _("agree and submit to the higher body")
    APPROVE = "approve", _("approve")
    ADOPT = "adopt", _("adopt")
    TAKE_NOTE = "take_note", _("take note")
    HEAR_REPORT = "hear_report", _("hear a report")
    DISCUSS = "discuss", _("discuss")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    number = models.PositiveIntegerField()
    titles = models.JSONField(default=dict)
    decision_sought = models.CharField(max_length=20, choices=DecisionSought.choices)
    documents = models.ManyToManyField("documents.Document", blank=True,
                                       related_name="agenda_items")
    reporter = models.ForeignKey("organization.Official", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="reports")
    # Topics discussed without a document (the seed's "discussed the situation in ...").
    notes = models.JSONField(default=dict, blank=True)
    # Where the pipeline put the item: "pipeline" when documents agreed below were added.
    origin = models.CharField(max_length=20, blank=True)
    package = models.ForeignKey("Package", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="agenda_items")

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"],
                                               name="agenda_unique_number")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title('en')}"

    def title(self, lang: str | None = None) -> str:
        return pick_name(self.titles, lang)


class Circulation(models.Model):
    """A document (at a version) sent to the member states on a date."""

    document = models.ForeignKey("documents.Document", on_delete=models.CASCADE,
                                 related_name="circulations")
    date = models.DateField()
    version = models.PositiveIntegerField()
    recorded_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["document", "date"]

    def __str__(self) -> str:
        return f"{self.document_id} circulated {self.date}"


class DecisionKind(models.TextChoices):
    AGREED_AD_REF = "agreed_ad_ref", _("agreed ad referendum")
    AGREED_SUBMITTED = "agreed_submitted", _("agreed and submitted")
    APPROVED = "approved", _("approved")
    ADOPTED = "adopted", _("adopted")
    TOOK_NOTE = "took_note", _("took note")
    HEARD_REPORT = "heard_report", _("heard the report")
    RETURNED = "returned", _("returned to negotiation")


class Package(models.Model):
    """Documents submitted together, adopted as one decision when nobody objects to any part."""

    symbol = models.CharField(max_length=80, unique=True)
    titles = models.JSONField(default=dict)
    submitted_to = models.ForeignKey("organization.Body", on_delete=models.PROTECT)
    documents = models.ManyToManyField("documents.Document", related_name="packages")
    # The meeting that agreed and submitted it.
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="packages")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.symbol

    def title(self, lang: str | None = None) -> str:
        return pick_name(self.titles, lang, self.symbol)


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="decisions")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="decisions")
    document = models.ForeignKey("documents.Document", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="decisions")
    package = models.ForeignKey(Package, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="decisions")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    date = models.DateField()
    submitted_to = models.ForeignKey("organization.Body", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    # The consensus engine's result it was checked against (status, supporters, views...).
    outcome = models.JSONField(default=dict)
    texts = models.JSONField(default=dict, blank=True)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)
    document_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.date} ({self.document_id or self.package_id or '-'})"


class SilenceStatus(models.TextChoices):
    OPEN = "open", _("open")
    BROKEN = "broken", _("broken")
    ADOPTED = "adopted", _("adopted")


class SilenceProcedure(models.Model):
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT,
                                 related_name="silence_procedures")
    opened_by = models.CharField(max_length=150)
    opened_at = models.DateTimeField()
    deadline = models.DateTimeField()
    status = models.CharField(max_length=10, choices=SilenceStatus.choices,
                              default=SilenceStatus.OPEN)
    broken_by = models.ForeignKey("organization.State", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    broken_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    # The state whose chair opened it (the approving body's chair on the day).
    chair_state = models.ForeignKey("organization.State", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["opened_at", "id"]

    def __str__(self) -> str:
        return f"silence on {self.document_id} until {self.deadline:%Y-%m-%d %H:%M} ({self.status})"


class RegistryEntry(models.Model):
    """An adopted document's registry number and date; the Secretariat is the depositary."""

    document = models.OneToOneField("documents.Document", on_delete=models.PROTECT,
                                    related_name="registry_entry")
    number = models.CharField(max_length=60, unique=True)
    date = models.DateField()
    body = models.ForeignKey("organization.Body", on_delete=models.PROTECT)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["date", "number"]

    def __str__(self) -> str:
        return self.number


class ExceptionRule(models.TextChoices):
    LADDER = "ladder", _("the charter's path between the bodies")
    LANGUAGES = "languages", _("the official languages")


class RuleException(models.Model):
    """The secretariat's record that one rule is set aside for one document, and why.

    Append-only. `subject` is what is set aside: for the ladder, the body whose step the
    document skips; for the languages, the official language it may lack. A decision that
    relies on an exception names it in its outcome, so the minutes show it.
    """

    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT,
                                 related_name="rule_exceptions")
    rule = models.CharField(max_length=12, choices=ExceptionRule.choices)
    subject = models.CharField(max_length=40)
    reason = models.TextField()
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "recorded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "rule", "subject"],
                                               name="rule_exception_once")]

    def __str__(self) -> str:
        return f"{self.rule} exception for {self.document_id}: {self.subject}"


class FloorStatus(models.TextChoices):
    WAITING = "waiting", _("asked for the floor")
    SPEAKING = "speaking", _("has the floor")
    DONE = "done", _("has spoken")
    WITHDRAWN = "withdrawn", _("withdrew the request")


class FloorRequest(models.Model):
    """A delegation's request for the floor on an agenda item, and what became of it: the
    list of speakers is the item's requests in the order they were made."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speakers")
    state = models.ForeignKey("organization.State", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=FloorStatus.choices,
                              default=FloorStatus.WAITING)
    requested_by = models.CharField(max_length=150)
    requested_at = models.DateTimeField(auto_now_add=True)
    given_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "requested_at", "id"]
        indexes = [models.Index(fields=["item", "status"])]

    def __str__(self) -> str:
        return f"{self.state_id} on {self.item_id} ({self.status})"


class BallotResult(models.TextChoices):
    ADOPTED = "adopted", _("adopted by vote")
    REJECTED = "rejected", _("rejected by vote")
    NO_QUORUM = "no_quorum", _("no quorum")


class VoteChoice(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    ABSTAIN = "abstain", _("abstained")
    ABSENT = "absent", _("absent")


class Ballot(models.Model):
    """A vote taken at a meeting on one document, where the charter says vote.

    Append-only, whatever the result: a text rejected (or a vote without quorum) is on the
    record as much as one adopted. `tally` keeps the rule, the quorum and the counts as
    `rules.voting` derived them; `decision` is the decision the vote carried, if any.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="ballots")
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT,
                                 related_name="ballots")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    date = models.DateField()
    result = models.CharField(max_length=10, choices=BallotResult.choices)
    tally = models.JSONField(default=dict)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"vote on {self.document_id} at {self.meeting_id}: {self.result}"


class BallotVote(models.Model):
    """One state's vote in a ballot."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    state = models.ForeignKey("organization.State", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(max_length=8, choices=VoteChoice.choices)

    class Meta:
        ordering = ["ballot", "state__code"]
        constraints = [models.UniqueConstraint(fields=["ballot", "state"],
                                               name="one_vote_per_state")]

    def __str__(self) -> str:
        return f"{self.state_id} {self.choice}"
