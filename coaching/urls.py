from . import views  # noqa: F401

app_name = "coaching"

urlpatterns: list = []
