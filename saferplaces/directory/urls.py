app_name = "directory"
urlpatterns: list = []

# Referrals into the directory's services; commissioned services' contracts and returns (issue 16).
from saferplaces.directory.urls_contracts import urlpatterns as contract_urlpatterns  # noqa: E402

urlpatterns += contract_urlpatterns
