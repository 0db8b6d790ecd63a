"""Roles, actions and the permission check."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from tags.security.permissions import (
    DEFAULT_PERMISSIONS,
    Action,
    PermissionDenied,
    Role,
    SecurityPolicy,
    User,
    allowed,
    require,
)

CHANGES = frozenset(Action) - {Action.VIEW}


def test_roles_are_named_in_lower_case_and_ordered_by_rank() -> None:
    assert [role.value for role in Role] == [
        "viewer",
        "operator",
        "supervisor",
        "engineer",
        "admin",
    ]
    assert Role.VIEWER < Role.OPERATOR < Role.SUPERVISOR < Role.ENGINEER < Role.ADMIN
    assert max(Role) is Role.ADMIN
    assert Role("operator") is Role.OPERATOR


def test_viewer_can_view_and_change_nothing() -> None:
    viewer = User("ann", Role.VIEWER)
    assert allowed(viewer, Action.VIEW, "CWP")
    for action in CHANGES:
        assert not allowed(viewer, action, "CWP"), action


def test_operator_may_acknowledge_write_and_shelve_only() -> None:
    operator = User("bob", Role.OPERATOR)
    permitted = {a for a in Action if allowed(operator, a, "CWP")}
    assert permitted == {Action.VIEW, Action.ACKNOWLEDGE, Action.WRITE, Action.SHELVE}


def test_supervisor_adds_latch_reset_out_of_service_audit_and_training() -> None:
    supervisor = User("sue", Role.SUPERVISOR)
    permitted = {a for a in Action if allowed(supervisor, a, "CWP")}
    assert permitted == DEFAULT_PERMISSIONS[Role.OPERATOR] | {
        Action.RESET_LATCH,
        Action.OUT_OF_SERVICE,
        Action.VIEW_AUDIT,
        Action.TRAIN,
    }
    assert not allowed(supervisor, Action.EDIT_LIMITS, "CWP")
    assert not allowed(supervisor, Action.MANAGE_USERS)


def test_engineer_may_edit_limits_but_not_manage_users() -> None:
    engineer = User("eve", Role.ENGINEER)
    assert allowed(engineer, Action.EDIT_LIMITS, "CWP")
    assert not allowed(engineer, Action.MANAGE_USERS)


def test_admin_may_do_everything() -> None:
    admin = User("root", Role.ADMIN)
    assert all(allowed(admin, action, "CWP") for action in Action)


def test_each_role_may_do_everything_the_role_below_may_do() -> None:
    roles = list(Role)
    for lower, higher in itertools.pairwise(roles):
        assert DEFAULT_PERMISSIONS[lower] < DEFAULT_PERMISSIONS[higher]


def test_user_limited_to_areas_is_refused_elsewhere() -> None:
    bob = User("bob", Role.OPERATOR, areas=frozenset({"CWP"}))
    assert allowed(bob, Action.WRITE, "CWP")
    assert not allowed(bob, Action.WRITE, "SCO2")
    assert not allowed(bob, Action.VIEW, "SCO2")


def test_user_without_area_list_may_act_in_every_area() -> None:
    bob = User("bob", Role.OPERATOR)
    assert allowed(bob, Action.WRITE, "CWP")
    assert allowed(bob, Action.WRITE, "FLOT")


def test_actions_tied_to_no_area_depend_on_the_role_only() -> None:
    admin = User("root", Role.ADMIN, areas=frozenset({"CWP"}))
    assert allowed(admin, Action.MANAGE_USERS)
    assert allowed(admin, Action.MANAGE_USERS, "")


def test_nobody_logged_in_may_do_nothing() -> None:
    assert not any(allowed(None, action, "CWP") for action in Action)
    with pytest.raises(PermissionDenied, match=r"^no user is logged in$"):
        require(None, Action.VIEW, "CWP")


def test_refusal_names_role_user_action_and_area() -> None:
    bob = User("bob", Role.VIEWER)
    with pytest.raises(PermissionDenied) as caught:
        require(bob, Action.SHELVE, "CWP")
    assert str(caught.value) == "viewer 'bob' may not shelve alarms in area CWP"
    assert caught.value.user == bob
    assert caught.value.action is Action.SHELVE
    assert caught.value.area == "CWP"


def test_refusal_for_a_foreign_area_lists_the_assigned_areas() -> None:
    bob = User("bob", Role.OPERATOR, areas=frozenset({"FLOT", "CWP"}))
    with pytest.raises(
        PermissionDenied,
        match=r"^operator 'bob' may not shelve alarms in area SCO2 \(assigned areas: CWP, FLOT\)$",
    ):
        require(bob, Action.SHELVE, "SCO2")


def test_refusal_without_area_does_not_mention_one() -> None:
    with pytest.raises(PermissionDenied, match=r"^engineer 'eve' may not manage users$"):
        require(User("eve", Role.ENGINEER), Action.MANAGE_USERS)


def test_require_passes_silently_when_allowed() -> None:
    require(User("bob", Role.OPERATOR), Action.WRITE, "CWP")


def test_a_custom_permission_table_can_replace_the_default() -> None:
    strict = {**DEFAULT_PERMISSIONS, Role.OPERATOR: frozenset({Action.VIEW})}
    bob = User("bob", Role.OPERATOR)
    assert not allowed(bob, Action.WRITE, "CWP", permissions=strict)
    with pytest.raises(PermissionDenied):
        require(bob, Action.WRITE, "CWP", permissions=strict)


def test_users_are_immutable() -> None:
    bob = User("bob", Role.OPERATOR)
    with pytest.raises(dataclasses.FrozenInstanceError):
        bob.role = Role.ADMIN  # type: ignore[misc]


def test_security_policy_defaults_and_validation() -> None:
    policy = SecurityPolicy()
    assert (policy.max_failed_logins, policy.lockout_seconds) == (5, 600.0)
    assert (policy.idle_lock_seconds, policy.min_password_length) == (900.0, 8)
    with pytest.raises(ValueError, match="max_failed_logins"):
        SecurityPolicy(max_failed_logins=0)
    with pytest.raises(ValueError, match="min_password_length"):
        SecurityPolicy(min_password_length=0)
