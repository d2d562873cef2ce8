app_name = "summerschool"

urlpatterns = []
