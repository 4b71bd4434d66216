"""The monitoring pages' people: the secretariat signed in on the test client, and Mexico's focal point Ana."""
from __future__ import annotations

import pytest


@pytest.fixture
def staff(client, login, make_user):
    return login(make_user("secretariat"))


@pytest.fixture
def ana(make_user):
    return make_user("focal_point", name="Ana")
