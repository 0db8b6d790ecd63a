"""What a log-in and an account change say, in Chinese: the login dialog and the command line
show these texts as they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from tags.clock import ManualClock
from tags.security.permissions import Role, SecurityPolicy
from tags.security.users import AuthError, UserError, UserStore
from tests.english_words import english_words

pytestmark = pytest.mark.usefixtures("chinese")


def test_a_wrong_password_and_a_locked_account_are_said_in_chinese(tmp_path: Path) -> None:
    policy = SecurityPolicy(max_failed_logins=2, lockout_seconds=600)
    with UserStore(tmp_path / "users.db", ManualClock(), policy) as store:
        store.add("ada", Role.OPERATOR, "ada-password")
        with pytest.raises(AuthError) as wrong:
            store.authenticate("ada", "wrong")
        assert str(wrong.value) == "用户名或密码错误"
        with pytest.raises(AuthError) as locked:
            store.authenticate("ada", "wrong again")
        said = str(locked.value)
        assert said.startswith("账户“ada”因 2 次登录失败已锁定，至 ") and said.endswith(" 解锁")
        assert english_words(said, units=["ada"]) == []


def test_account_changes_are_refused_in_chinese(tmp_path: Path) -> None:
    with UserStore(tmp_path / "users.db", ManualClock(), SecurityPolicy()) as store:
        with pytest.raises(UserError, match="密码太短：至少需要 8 个字符"):
            store.add("bob", Role.OPERATOR, "short")
        store.add("bob", Role.OPERATOR, "long-enough")
        with pytest.raises(UserError, match="用户“bob”已存在"):
            store.add("bob", Role.ENGINEER, "long-enough")
