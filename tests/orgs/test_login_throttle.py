"""Five wrong passwords lock the account for that address: the lockout page answers 429."""

from __future__ import annotations

from axes.models import AccessAttempt

from tests.conftest import PASSWORD


def fail(client, email: str, times: int, **extra: str) -> list[int]:
    return [
        client.post("/login/", {"username": email, "password": f"wrong-{i}"}, **extra).status_code for i in range(times)
    ]


def test_five_failures_lock_out_even_the_right_password(client, bob):
    statuses = fail(client, "bob@a.example", 5)

    assert statuses[:4] == [200, 200, 200, 200]
    assert statuses[4] == 429
    response = client.post("/login/", {"username": "bob@a.example", "password": PASSWORD})
    assert response.status_code == 429
    assert "orgs/locked.html" in [t.name for t in response.templates]
    assert "_auth_user_id" not in client.session


def test_four_failures_then_the_right_password_signs_in_and_resets_the_count(client, bob):
    fail(client, "bob@a.example", 4)
    assert client.post("/login/", {"username": "bob@a.example", "password": PASSWORD}).status_code == 302
    client.post("/logout/")

    statuses = fail(client, "bob@a.example", 4)
    assert statuses == [200, 200, 200, 200]


def test_changing_the_case_of_the_address_does_not_buy_more_guesses(client, bob):
    for variant in ["bob@a.example", "BOB@a.example", "Bob@A.example", "bOb@a.EXAMPLE", "BoB@a.example"]:
        fail(client, variant, 1)

    response = client.post("/login/", {"username": "bob@a.example", "password": PASSWORD})

    assert response.status_code == 429


def test_lockout_of_one_account_does_not_lock_a_colleague(client, alice, bob):
    fail(client, "bob@a.example", 5)

    response = client.post("/login/", {"username": "alice@a.example", "password": PASSWORD})

    assert response.status_code == 302
    assert AccessAttempt.objects.filter(username="bob@a.example", failures_since_start__gte=5).exists()


def test_the_same_account_from_another_address_is_not_locked(client, bob):
    fail(client, "bob@a.example", 5)

    response = client.post("/login/", {"username": "bob@a.example", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10")

    assert response.status_code == 302


def test_guessing_unknown_accounts_is_throttled_too(client, db):
    assert fail(client, "nobody@nowhere.example", 5)[-1] == 429
