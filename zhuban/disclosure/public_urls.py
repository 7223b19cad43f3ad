"""The public pages, under settings.PUBLIC_PREFIX (no login; zhuban.middleware.PublicPagesMiddleware)."""

from django.urls import path

from zhuban.disclosure import public

app_name = "public"
urlpatterns = [
    path("", public.index, name="index"),
    path("language/", public.language, name="language"),
    path("<str:code>/<int:year>/", public.year_page, name="year"),
    path("<str:code>/<int:year>/versions/<int:number>/", public.rollup_version, name="rollup_version"),
    path("<str:code>/<int:year>/<int:office>/", public.office_page, name="office"),
    path("<str:code>/<int:year>/<int:office>/versions/<int:number>/", public.office_version, name="office_version"),
    path(
        "<str:code>/<int:year>/reception-disclosure.<str:fmt>",
        public.download,
        name="download",
    ),
]
