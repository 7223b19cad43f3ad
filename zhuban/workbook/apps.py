from django.apps import AppConfig


class WorkbookConfig(AppConfig):
    name = "zhuban.workbook"
    label = "workbook"
