from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "concilium.accounts"
    label = "accounts"
