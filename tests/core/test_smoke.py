import pytest


@pytest.mark.django_db
def test_home_page_presents_the_programmes(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    for words in ("Academic exchanges", "Clinical placements", "Summer schools", "Circle U."):
        assert words in body
