from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _sqlite_owner_only(sender, connection, **kwargs):
    """A SQLite database holds every record: readable by the account that runs the app only."""
    if connection.vendor != "sqlite":
        return
    from zhuban.ops.backup import owner_only, sqlite_file

    path = sqlite_file(connection.settings_dict)
    if path is not None:
        owner_only(path)


class OpsConfig(AppConfig):
    """Operations: backup, restore and the national-scale data generator."""

    name = "zhuban.ops"
    label = "ops"

    def ready(self) -> None:
        connection_created.connect(_sqlite_owner_only, dispatch_uid="zhuban.ops.sqlite_owner_only")
