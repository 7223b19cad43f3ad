from django.urls import path

from zhuban.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.office_list, name="office_list"),
    path("sponsors/", views.sponsor_options, name="sponsor_options"),
    path("new/", views.office_create, name="office_create"),
    path("<int:pk>/", views.office_detail, name="office_detail"),
    path("<int:pk>/edit/", views.office_edit, name="office_edit"),
    path("<int:pk>/history/", views.office_history, name="office_history"),
]
for kind in views.CHILDREN:
    urlpatterns += [
        path(f"<int:pk>/{kind}/new/", views.child_create, {"kind": kind}, name=f"{kind}_create"),
        path(f"{kind}/<int:child_pk>/edit/", views.child_edit, {"kind": kind}, name=f"{kind}_edit"),
    ]
