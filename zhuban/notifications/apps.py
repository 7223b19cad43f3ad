from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "zhuban.notifications"
    label = "notifications"
