from django.apps import AppConfig


class CampaignConfig(AppConfig):
    name = "zhuban.campaign"
    label = "campaign"
