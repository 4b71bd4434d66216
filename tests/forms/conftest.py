"""Fixtures of the answering pages' tests."""
from __future__ import annotations

import pytest


@pytest.fixture
def two_writers(app, login, make_user):
    """``two_writers(first, second)``: two people of the same State, each ``(role, name)``, signed in on test
    clients of their own (two browsers working on one reply at the same time)."""
    def signed_in(first=("expert", "Bea"), second=("expert", "Carlos")):
        clients = []
        for role, name in (first, second):
            client = app.test_client()
            login(make_user(role, name=name), on=client)
            clients.append(client)
        return tuple(clients)
    return signed_in
