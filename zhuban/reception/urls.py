from django.urls import path

from zhuban.reception import views

app_name = "reception"
urlpatterns = [
    path("", views.index, name="index"),
    path("offices/<int:pk>/", views.office, name="office"),
    path("offices/<int:pk>/letters/new/", views.letter_add, name="letter_add"),
    path("letters/<int:pk>/request/", views.request_approval, name="request"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/list/", views.list_edit, name="list_edit"),
    path("<int:pk>/sign-off/", views.sign_off, name="sign_off"),
    path("<int:pk>/settle/", views.settle, name="settle"),
    path("<int:pk>/letter/", views.letter_file, name="letter_file"),
    path("<int:pk>/invoice/", views.invoice_file, name="invoice_file"),
    path("warnings/<int:pk>/explain/", views.explain, name="explain"),
    path("jurisdictions/<int:pk>/standards/", views.standards, name="standards"),
    path("jurisdictions/<int:pk>/standards/new/", views.standard_add, name="standard_add"),
]
