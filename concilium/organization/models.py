"""The registry: the organization, its states, memberships, bodies, offices, officials and
presidencies. Names are kept per language as the charter gives them."""

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from concilium.rules.charter import ChairRule, Status


def pick_name(names: dict, lang: str | None = None, fallback: str = "") -> str:
    """The name in `lang` (or the active language), else English, else any."""
    lang = (lang or translation.get_language() or "en").split("-")[0]
    return names.get(lang) or names.get("en") or next(iter(names.values()), fallback)


class Named(models.Model):
    names = models.JSONField(default=dict)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name("en")

    def name(self, lang: str | None = None) -> str:
        return pick_name(self.names, lang)


class Organization(Named):
    """The organization this installation serves, and the charter it was set up from."""

    slug = models.SlugField(unique=True)
    short_names = models.JSONField(default=dict)
    charter_source = models.CharField(max_length=500)
    charter_text = models.TextField()
    charter_sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(default=timezone.now)


class State(Named):
    code = models.CharField(max_length=3, unique=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name('en')} ({self.code})"


class Membership(models.Model):
    STATUS_CHOICES = [(s.value, s.value.replace("_", " ")) for s in Status]

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="memberships")
    status = models.CharField(max_length=20, choices=STATUS_CHOICES)
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["state__code", "start"]
        constraints = [models.UniqueConstraint(fields=["state", "status", "start"],
                                               name="membership_unique_start")]

    def __str__(self) -> str:
        return f"{self.state.code} {self.status} {self.start}–{self.end or ''}"


class PartnerOrganization(Named):
    slug = models.SlugField(unique=True)
    short_names = models.JSONField(default=dict)

    class Meta:
        ordering = ["slug"]

    def short(self, lang: str | None = None) -> str:
        return pick_name(self.short_names, lang) or self.name(lang)


class Body(Named):
    CHAIR_CHOICES = [(c.value, c.value) for c in ChairRule]

    slug = models.SlugField(unique=True)
    short_names = models.JSONField(default=dict)
    chair_rule = models.CharField(max_length=20, choices=CHAIR_CHOICES)
    chair_office = models.CharField(max_length=60, blank=True)
    prepares_for = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="prepared_by")
    permanent = models.BooleanField(default=False)
    seat = models.CharField(max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name_plural = _("bodies")

    def short(self, lang: str | None = None) -> str:
        return pick_name(self.short_names, lang) or self.name(lang)


class Office(Named):
    slug = models.SlugField(unique=True)
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT)
    per_state = models.BooleanField(default=False)
    term_years = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["slug"]


class Official(Named):
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="holders")
    state = models.ForeignKey(State, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="officials")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["office__slug", "start"]


class Presidency(models.Model):
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="presidencies")
    start = models.DateField(unique=True)
    end = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name_plural = _("presidencies")

    def __str__(self) -> str:
        return f"{self.state.code} {self.start}–{self.end or ''}"


class DocumentType(Named):
    """A kind of document from the charter, and the body that gives it final approval."""

    slug = models.SlugField(unique=True)
    approved_by = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="approves")
    rule = models.CharField(max_length=30, default="consensus")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
