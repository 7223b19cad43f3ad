from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "zhuban.geo"
    label = "geo"
