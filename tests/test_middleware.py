import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/no-such-view/", "/feedback/no-such-endpoint/", "/documents/0/x/"])
def test_unknown_non_page_urls_answer_404_not_a_language_redirect(admin_client, path):
    assert admin_client.get(path).status_code == 404


@pytest.mark.django_db
def test_page_urls_without_language_still_redirect(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/sv/")
