from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import bounds, checks, db_dates, schema, signals, tasks  # noqa: F401

        bounds.install()
        db_dates.install()
