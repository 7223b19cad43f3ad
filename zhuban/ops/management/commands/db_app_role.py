import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from zhuban.ops.dbrole import app_role_statements


class Command(BaseCommand):
    help = (
        "PostgreSQL: create (or correct) the role the application runs as, which owns no table and may only "
        "read and append to the audit trail. Run as the tables' owner after every migrate; --print shows the SQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("role")
        parser.add_argument("--password-env", metavar="VAR", help="set the role's password from this variable")
        parser.add_argument("--print", action="store_true", help="print the SQL instead of running it")

    def handle(self, *args, role: str, password_env: str | None, print: bool, **options):  # noqa: A002
        if connection.vendor != "postgresql":
            raise CommandError("db_app_role is for PostgreSQL; SQLite has no roles")
        password = None
        if password_env:
            password = os.environ.get(password_env)
            if not password:
                raise CommandError(f"{password_env} is not set")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_database(), current_user")
            database, owner = cursor.fetchone()
        if role == owner:
            raise CommandError("the application's role must not be the role that owns the tables")
        statements = app_role_statements(role, database, owner, password)
        raw = connection.connection  # psycopg's own connection renders the composed SQL
        if print:
            for statement in statements:
                self.stdout.write(statement.as_string(raw) + ";")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement.as_string(raw))
        self.stdout.write(f"role {role} may read and write {database}, and only append to its audit trail")
