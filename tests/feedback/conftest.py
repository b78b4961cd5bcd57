"""The logged-in admin users the feedback tests share. (The permission matrix in
admin/test_permissions.py builds every role itself and logs each in per request.)"""

import pytest

from tests.factories import make_comms_user, make_home_page, make_user


@pytest.fixture
def comms(client):  # type: ignore[no-untyped-def]
    """A member of Communications staff logged in on ``client``, on a site with
    the Swedish home page."""
    make_home_page("sv")
    user = make_comms_user("comms")
    client.force_login(user)
    return user


@pytest.fixture
def superuser(client):  # type: ignore[no-untyped-def]
    """A superuser logged in on ``client``."""
    user = make_user("boss", is_superuser=True, is_staff=True)
    client.force_login(user)
    return user
