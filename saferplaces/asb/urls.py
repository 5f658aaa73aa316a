from django.urls import path

app_name = "asb"
urlpatterns = []
