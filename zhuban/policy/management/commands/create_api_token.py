from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zhuban.audit.services import Actor
from zhuban.org.models import Jurisdiction
from zhuban.policy.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print its key once (only its hash is stored)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. the client's name")
        parser.add_argument(
            "--jurisdiction", default="", help="Name of a jurisdiction: the token reads its subtree only"
        )
        parser.add_argument("--resource", action="append", default=[], help="A read API resource it may read (repeat)")
        parser.add_argument("--rate", type=int, default=120, help="Calls per minute allowed")

    def handle(
        self, *args: Any, username: str, name: str, jurisdiction: str, resource: list[str], rate: int, **options: Any
    ) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(_("没有用户名为 %(username)s 的用户。") % {"username": username}) from None
        if not user.is_active:
            raise CommandError(_("用户 %(username)s 已停用，不能为其创建令牌。") % {"username": username})
        within = Jurisdiction.objects.filter(name=jurisdiction).first() if jurisdiction else None
        if jurisdiction and within is None:
            raise CommandError(_("没有名为 %(name)s 的行政区划。") % {"name": jurisdiction})
        token, key = api_token_create(
            actor=Actor.system("create_api_token"),
            user=user,
            name=name or _("命令行创建"),
            jurisdiction=within,
            resources=resource,
            rate_per_minute=rate,
        )
        self.stderr.write(
            _("已为 %(username)s 创建令牌“%(name)s”。密钥只显示这一次：") % {"username": username, "name": token.name}
        )
        self.stdout.write(key)
