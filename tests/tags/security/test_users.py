"""User accounts: password policy, log-in, lock-out and the demo accounts; the stored
accounts in both stores (SQLite and PostgreSQL: ``user_stores``)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from argon2 import PasswordHasher

from tags.clock import ManualClock
from tags.security.permissions import Role, SecurityPolicy, User
from tags.security.users import AuthError, AuthFailure, DemoAccounts, UserAccounts, UserError
from tests.tags.security.user_stores import UserStores

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
PASSWORD = "correct horse"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def store(user_stores: UserStores, clock: ManualClock) -> Iterator[UserAccounts]:
    with user_stores.open(clock, SecurityPolicy(), FAST) as users:
        yield users


def test_added_user_logs_in_with_role_and_areas(store: UserAccounts) -> None:
    store.add("bob", Role.OPERATOR, PASSWORD, areas={"CWP", "FLOT"})
    user = store.authenticate("bob", PASSWORD)
    assert user == User("bob", Role.OPERATOR, frozenset({"CWP", "FLOT"}))
    assert not user.demo


def test_log_in_name_is_not_case_sensitive(store: UserAccounts) -> None:
    store.add("Bob", Role.OPERATOR, PASSWORD)
    assert store.authenticate("bob", PASSWORD).name == "Bob"


def test_user_without_areas_covers_all_areas(store: UserAccounts) -> None:
    store.add("ann", Role.VIEWER, PASSWORD)
    assert store.authenticate("ann", PASSWORD).areas is None


def test_passwords_are_stored_as_argon2id_hashes(
    user_stores: UserStores, store: UserAccounts
) -> None:
    store.add("bob", Role.OPERATOR, PASSWORD)
    (stored,) = user_stores.password_hashes()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_wrong_password_and_unknown_user_look_the_same_to_the_caller(store: UserAccounts) -> None:
    store.add("bob", Role.OPERATOR, PASSWORD)
    with pytest.raises(AuthError) as wrong:
        store.authenticate("bob", "wrong password")
    with pytest.raises(AuthError) as unknown:
        store.authenticate("mallory", PASSWORD)
    assert str(wrong.value) == str(unknown.value) == "unknown user or wrong password"
    assert wrong.value.kind is AuthFailure.WRONG_PASSWORD
    assert unknown.value.kind is AuthFailure.UNKNOWN_USER


def test_account_locks_after_too_many_failed_logins(
    store: UserAccounts, clock: ManualClock
) -> None:
    store.add("bob", Role.OPERATOR, PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthError, match=r"^unknown user or wrong password$"):
            store.authenticate("bob", "nope nope")
    until = datetime.fromtimestamp(clock.now() + 600).strftime("%H:%M:%S")
    expected = rf"^account 'bob' is locked until {until} after 5 failed logins$"
    with pytest.raises(AuthError, match=expected) as fifth:
        store.authenticate("bob", "nope nope")
    assert fifth.value.kind is AuthFailure.WRONG_PASSWORD
    assert fifth.value.locked_until == clock.now() + 600
    with pytest.raises(AuthError, match=expected) as locked:
        store.authenticate("bob", PASSWORD)
    assert locked.value.kind is AuthFailure.LOCKED
    assert store.list()[0].locked_until == clock.now() + 600


def test_lock_out_expires_after_lockout_seconds(store: UserAccounts, clock: ManualClock) -> None:
    store.add("bob", Role.OPERATOR, PASSWORD)
    for _ in range(5):
        with pytest.raises(AuthError):
            store.authenticate("bob", "nope nope")
    clock.advance(599)
    with pytest.raises(AuthError, match="is locked"):
        store.authenticate("bob", PASSWORD)
    clock.advance(1)
    assert store.authenticate("bob", PASSWORD).name == "bob"
    assert store.list()[0].locked_until is None


def test_failures_after_an_expired_lock_out_count_from_zero(
    store: UserAccounts, clock: ManualClock
) -> None:
    store.add("bob", Role.OPERATOR, PASSWORD)
    for _ in range(5):
        with pytest.raises(AuthError):
            store.authenticate("bob", "nope nope")
    clock.advance(600)
    with pytest.raises(AuthError, match=r"^unknown user or wrong password$"):
        store.authenticate("bob", "nope nope")


def test_successful_login_resets_the_failure_count(store: UserAccounts, clock: ManualClock) -> None:
    store.add("bob", Role.OPERATOR, PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthError):
            store.authenticate("bob", "nope nope")
    clock.advance(30)
    store.authenticate("bob", PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthError, match="wrong password"):
            store.authenticate("bob", "nope nope")
    assert store.authenticate("bob", PASSWORD).name == "bob"
    info = store.list()[0]
    assert info.last_login == clock.now()
    assert info.failed_logins == 0


def test_policy_sets_failure_limit_and_lockout_time(
    user_stores: UserStores, clock: ManualClock
) -> None:
    policy = SecurityPolicy(max_failed_logins=2, lockout_seconds=60)
    with user_stores.open(clock, policy, FAST) as users:
        users.add("bob", Role.OPERATOR, PASSWORD)
        with pytest.raises(AuthError, match="wrong password"):
            users.authenticate("bob", "nope nope")
        with pytest.raises(AuthError, match="after 2 failed logins"):
            users.authenticate("bob", "nope nope")
        clock.advance(60)
        assert users.authenticate("bob", PASSWORD).name == "bob"


def test_admin_can_unlock_an_account(store: UserAccounts) -> None:
    store.add("bob", Role.OPERATOR, PASSWORD)
    for _ in range(5):
        with pytest.raises(AuthError):
            store.authenticate("bob", "nope nope")
    store.unlock("bob")
    assert store.authenticate("bob", PASSWORD).name == "bob"


def test_password_shorter_than_policy_is_refused(store: UserAccounts) -> None:
    with pytest.raises(UserError, match="password too short: at least 8 characters"):
        store.add("bob", Role.OPERATOR, "1234567")
    store.add("bob", Role.OPERATOR, "12345678")
    with pytest.raises(UserError, match="password too short"):
        store.set_password("bob", "short")


def test_duplicate_user_name_is_refused_regardless_of_case(store: UserAccounts) -> None:
    store.add("bob", Role.OPERATOR, PASSWORD)
    with pytest.raises(UserError, match="a user named 'bob' already exists"):
        store.add("bob", Role.ADMIN, PASSWORD)
    with pytest.raises(UserError, match="already exists"):
        store.add("BOB", Role.ADMIN, PASSWORD)


@pytest.mark.parametrize("name", ["", "1bob", "bob smith", "_bob", "b" * 33, "bob!", "böb"])
def test_invalid_user_names_are_refused(store: UserAccounts, name: str) -> None:
    with pytest.raises(UserError, match="invalid user name"):
        store.add(name, Role.OPERATOR, PASSWORD)


@pytest.mark.parametrize("name", ["b", "bob", "Bob.Smith", "op_2", "x-y", "a" * 32])
def test_valid_user_names_are_accepted(store: UserAccounts, name: str) -> None:
    store.add(name, Role.OPERATOR, PASSWORD)
    assert store.authenticate(name, PASSWORD).name == name


def test_empty_area_list_is_refused(store: UserAccounts) -> None:
    with pytest.raises(UserError, match="at least one area"):
        store.add("bob", Role.OPERATOR, PASSWORD, areas=[])


def test_set_password_replaces_the_old_one(store: UserAccounts) -> None:
    store.add("bob", Role.OPERATOR, PASSWORD)
    store.set_password("bob", "new password")
    with pytest.raises(AuthError):
        store.authenticate("bob", PASSWORD)
    assert store.authenticate("bob", "new password").name == "bob"


def test_set_role_and_remove(store: UserAccounts) -> None:
    store.add("bob", Role.OPERATOR, PASSWORD)
    store.set_role("bob", Role.SUPERVISOR)
    assert store.authenticate("bob", PASSWORD).role is Role.SUPERVISOR
    store.remove("bob")
    assert store.list() == []
    with pytest.raises(AuthError) as caught:
        store.authenticate("bob", PASSWORD)
    assert caught.value.kind is AuthFailure.UNKNOWN_USER


def test_changing_an_unknown_user_is_refused(store: UserAccounts) -> None:
    with pytest.raises(UserError, match="no user named 'ghost'"):
        store.set_role("ghost", Role.ADMIN)
    with pytest.raises(UserError, match="no user named 'ghost'"):
        store.set_password("ghost", PASSWORD)
    with pytest.raises(UserError, match="no user named 'ghost'"):
        store.remove("ghost")


def test_last_admin_cannot_be_removed_or_demoted(store: UserAccounts) -> None:
    assert not store.has_admin()
    store.add("root", Role.ADMIN, PASSWORD)
    assert store.has_admin()
    with pytest.raises(UserError, match="last admin"):
        store.remove("root")
    with pytest.raises(UserError, match="last admin"):
        store.set_role("root", Role.ENGINEER)
    store.add("root2", Role.ADMIN, PASSWORD)
    store.remove("root")
    assert [info.name for info in store.list()] == ["root2"]


def test_list_shows_accounts_without_hashes(store: UserAccounts, clock: ManualClock) -> None:
    store.add("bob", Role.OPERATOR, PASSWORD, areas=["CWP"])
    clock.advance(10)
    store.add("ann", Role.VIEWER, PASSWORD)
    ann, bob = store.list()
    assert (ann.name, ann.role, ann.areas, ann.last_login) == ("ann", Role.VIEWER, None, None)
    assert bob.areas == frozenset({"CWP"})
    assert bob.created == ann.created - 10
    assert not hasattr(bob, "password_hash")


def test_users_persist_across_reopening(user_stores: UserStores, clock: ManualClock) -> None:
    with user_stores.open(clock, SecurityPolicy(), FAST) as users:
        users.add("bob", Role.OPERATOR, PASSWORD)
    with user_stores.open(clock, SecurityPolicy(), FAST) as users:
        assert users.authenticate("bob", PASSWORD).role is Role.OPERATOR


def test_hash_is_renewed_when_argon2_parameters_change(
    user_stores: UserStores, clock: ManualClock
) -> None:
    with user_stores.open(clock, SecurityPolicy(), FAST) as users:
        users.add("bob", Role.OPERATOR, PASSWORD)
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    with user_stores.open(clock, SecurityPolicy(), stronger) as users:
        users.authenticate("bob", PASSWORD)
    (stored,) = user_stores.password_hashes()
    assert stored.startswith("$argon2id$v=19$m=16,t=2,p=1$")
    with user_stores.open(clock, SecurityPolicy(), stronger) as users:
        assert users.authenticate("bob", PASSWORD).name == "bob"


def test_demo_accounts_exist_for_every_role_with_name_as_password() -> None:
    demo = DemoAccounts()
    for role in Role:
        user = demo.authenticate(role.value, role.value)
        assert user == User(role.value, role, None, demo=True)
    assert [user.role for user in demo.users] == list(Role)


def test_demo_accounts_refuse_wrong_passwords_like_the_store() -> None:
    demo = DemoAccounts()
    with pytest.raises(AuthError, match=r"^unknown user or wrong password$") as wrong:
        demo.authenticate("operator", "admin")
    with pytest.raises(AuthError, match=r"^unknown user or wrong password$") as unknown:
        demo.authenticate("trainer", "trainer")
    assert wrong.value.kind is AuthFailure.WRONG_PASSWORD
    assert unknown.value.kind is AuthFailure.UNKNOWN_USER


def test_demo_accounts_lock_after_the_failed_logins_of_the_policy() -> None:
    clock = ManualClock()
    demo = DemoAccounts(clock, SecurityPolicy(max_failed_logins=3, lockout_seconds=60))
    for _ in range(2):
        with pytest.raises(AuthError, match="wrong password"):
            demo.authenticate("operator", "guess")
    with pytest.raises(AuthError, match="is locked until") as third:
        demo.authenticate("operator", "guess")
    assert third.value.locked_until == clock.now() + 60
    with pytest.raises(AuthError) as locked:
        demo.authenticate("operator", "operator")  # the right password, but locked
    assert locked.value.kind is AuthFailure.LOCKED
    assert demo.authenticate("viewer", "viewer").name == "viewer"  # one account locks alone
    clock.advance(60)
    assert demo.authenticate("operator", "operator").name == "operator"


@pytest.mark.slow
def test_parallel_attempts_never_check_more_passwords_than_the_limit(
    user_stores: UserStores, clock: ManualClock
) -> None:
    """24 wrong passwords at once, each from a connection of its own (consoles): at most the
    limit are checked, the rest are refused as locked, and the lock stands for the right one."""
    policy = SecurityPolicy(max_failed_logins=5)
    with user_stores.open(clock, policy, FAST) as users:
        users.add("bob", Role.OPERATOR, PASSWORD)
    start = threading.Barrier(24)

    def attempt(password: str) -> AuthFailure | None:
        with user_stores.open(clock, policy, FAST) as users:
            start.wait()
            try:
                users.authenticate("bob", password)
            except AuthError as refused:
                return refused.kind
            return None

    with ThreadPoolExecutor(24) as pool:
        outcomes = list(pool.map(attempt, [f"guess-{i}" for i in range(24)]))
    assert outcomes.count(AuthFailure.WRONG_PASSWORD) == policy.max_failed_logins
    assert outcomes.count(AuthFailure.LOCKED) == 24 - policy.max_failed_logins
    with user_stores.open(clock, policy, FAST) as users, pytest.raises(AuthError) as late:
        users.authenticate("bob", PASSWORD)
    assert late.value.kind is AuthFailure.LOCKED
