"""Accounts: the role of each user and the state or organization they act for."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from concilium.rules.permissions import Role


class Profile(models.Model):
    ROLE_CHOICES = [
        (Role.SECRETARIAT.value, _("Secretariat officer")),
        (Role.CHAIR.value, _("Chair (presidency)")),
        (Role.DELEGATE.value, _("Delegate of a member state")),
        (Role.OBSERVER.value, _("Observer or partner")),
    ]

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="profile")
    role = models.CharField(max_length=20, choices=ROLE_CHOICES)
    state = models.ForeignKey("organization.State", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="accounts")
    organization = models.ForeignKey("organization.PartnerOrganization", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="accounts")

    def __str__(self) -> str:
        bound = (self.state_id and self.state.code) or (
            self.organization_id and self.organization.slug)
        return f"{self.user.username} ({self.role}{', ' + bound if bound else ''})"


class ApiToken(models.Model):
    """A token for scripts; only its SHA-256 is stored, the token itself is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user.username}: {self.label or self.digest[:8]}"
