"""Who may view and who may change data.

Viewing is open unless ``ATLAS_REQUIRE_LOGIN_TO_VIEW=1``. Import and rollback need sign-in:
Streamlit's OIDC (``st.login``) when ``[auth]`` is configured in secrets, otherwise an admin
password hash (``ADMIN_PASSWORD_HASH`` from the environment or secrets, made with
``python -m geo.passwords``). With neither configured, changing data is disabled.
For OIDC, ``ATLAS_EDITORS`` (comma-separated e-mails, env or secrets) limits who may edit.
"""

from __future__ import annotations

import os
from typing import Any

import streamlit as st

from geo import signin
from ui import safe
from ui.state import tr

AUTH_LABELS: dict[str, tuple[str, str]] = {
    "sign_in": ("登录", "Sign in"),
    "sign_out": ("退出登录", "Sign out"),
    "sign_in_prompt": ("导入与回滚需要登录。", "Import and rollback require sign-in."),
    "view_prompt": ("查看本应用需要登录。", "Viewing this app requires sign-in."),
    "your_name": (
        "姓名（自行填写，按原样记入审计日志；共用密码无法核实身份）",
        "Your name (self-declared: recorded as typed in the audit log; a shared password cannot verify it)",
    ),
    "no_name": ("请填写姓名。", "Please enter your name."),
    "throttled": (
        "登录失败次数过多，请 {seconds} 秒后再试（每次失败等待时间加倍）。",
        "Too many failed sign-ins: try again in {seconds} s (the wait doubles with each failure).",
    ),
    "busy": ("正在处理另一次登录，请稍后再试。", "Another sign-in is being checked; try again in a moment."),
    "password": ("管理员密码", "Admin password"),
    "wrong_password": ("密码错误（已记入审计日志）。", "Wrong password (recorded in the audit log)."),
    "signed_in_as": ("已登录：", "Signed in as: "),
    "by_password": ("（密码登录，姓名自报）", " (password, self-declared)"),
    "not_editor": ("此账号没有修改数据的权限。", "This account may not change data."),
    "bad_hash": (
        "ADMIN_PASSWORD_HASH 格式错误（应为 pbkdf2_sha256$迭代次数$盐$哈希）。",
        "ADMIN_PASSWORD_HASH is malformed (expected pbkdf2_sha256$iterations$salt$hash).",
    ),
    "not_configured": (
        "未配置登录方式，数据导入已停用。配置方法：运行 `python -m geo.passwords` 生成哈希，"
        "设为环境变量 ADMIN_PASSWORD_HASH 或写入 .streamlit/secrets.toml；或在 secrets 的 [auth] 中配置 OIDC。",
        "No sign-in is configured, so importing is disabled. To enable it run `python -m geo.passwords` and set "
        "the printed hash as ADMIN_PASSWORD_HASH (environment or .streamlit/secrets.toml), or configure OIDC "
        "under [auth] in secrets.",
    ),
}

_SESSION_KEY = {"editor": "_auth_editor", "viewer": "_auth_viewer"}


def _secret(name: str) -> Any:
    try:
        return st.secrets.get(name)
    except FileNotFoundError:  # no secrets.toml (StreamlitSecretNotFoundError subclasses it)
        return None


def _setting(name: str) -> str:
    return os.environ.get(name) or str(_secret(name) or "")


def _oidc_provider() -> str | None:
    """'' for a single provider in [auth], its name for [auth.<name>], None when OIDC is not set up."""
    auth = _secret("auth")
    if not auth or not auth.get("redirect_uri") or not auth.get("cookie_secret"):
        return None
    if auth.get("client_id"):
        return ""
    return next((name for name, value in auth.items() if hasattr(value, "get") and value.get("client_id")), None)


def _signed_in(user: str, role: str, oidc: bool = False) -> str:
    """Show who is signed in (sidebar for viewers, page for editors) with a sign-out button."""
    t = tr(AUTH_LABELS)
    where = st.sidebar if role == "viewer" else st.container()
    method = " (password, self-declared)"  # how _password_user records it in the user name (and audit log)
    where.text(t("signed_in_as") + (user.removesuffix(method) + t("by_password") if user.endswith(method) else user))
    if where.button(t("sign_out"), key=f"sign_out_{role}"):
        if oidc:
            st.logout()
        for session_key in _SESSION_KEY.values():
            st.session_state.pop(session_key, None)
        st.rerun()
    return user


def _oidc_user(role: str, provider: str) -> str | None:
    t = tr(AUTH_LABELS)
    if not st.user.is_logged_in:
        st.info(t("sign_in_prompt" if role == "editor" else "view_prompt"))
        if st.button(t("sign_in"), key=f"oidc_{role}"):
            st.login(provider or None)
        return None
    email = str(st.user.get("email") or st.user.get("name") or "unknown")
    editors = {e.strip().casefold() for e in _setting("ATLAS_EDITORS").split(",") if e.strip()}
    if role == "editor" and editors and email.casefold() not in editors:
        st.warning(t("not_editor"))
        return None
    return _signed_in(f"oidc:{email}", role, oidc=True)


def _client() -> str:
    """The visitor's address: the proxy's X-Forwarded-For only with ``ATLAS_TRUST_PROXY=1`` (a client
    could otherwise pick a new address per guess), else the peer address the server sees."""
    forwarded = ""
    if os.environ.get("ATLAS_TRUST_PROXY") == "1":
        forwarded = (st.context.headers.get("X-Forwarded-For") or "").split(",")[-1].strip()
    address = st.context.ip_address
    return forwarded or (address if isinstance(address, str) and address else "unknown")


def _password_user(role: str, encoded: str) -> str | None:
    t = tr(AUTH_LABELS)
    held = st.session_state.get(_SESSION_KEY["editor"]) or st.session_state.get(_SESSION_KEY[role])
    if held:
        return _signed_in(held, role)
    st.info(t("sign_in_prompt" if role == "editor" else "view_prompt"))
    with st.form(f"sign_in_{role}"):
        name = st.text_input(t("your_name"), max_chars=60)
        password = st.text_input(t("password"), type="password")
        submitted = st.form_submit_button(t("sign_in"))
    if not submitted:
        return None
    if not name.strip():
        st.error(t("no_name"))
        return None
    try:
        outcome = signin.attempt(role, _client(), password, encoded, name=name.strip())
    except ValueError:
        st.error(t("bad_hash"))
        return None
    if outcome.wait_s:
        safe.error(t("throttled"), seconds=int(outcome.wait_s) + 1)
        return None
    if outcome.busy:
        st.warning(t("busy"))
        return None
    if not outcome.ok:
        st.error(t("wrong_password"))
        return None
    # one shared password: the name is what the person typed, and the audit log says so
    st.session_state[_SESSION_KEY[role]] = f"{name.strip()} (password, self-declared)"
    st.rerun()
    return None


def _require(role: str) -> str | None:
    provider = _oidc_provider()
    if provider is not None:
        return _oidc_user(role, provider)
    encoded = _setting("ADMIN_PASSWORD_HASH") if role == "editor" else _setting("VIEWER_PASSWORD_HASH")
    encoded = encoded or _setting("ADMIN_PASSWORD_HASH")
    if not encoded:
        st.warning(tr(AUTH_LABELS)("not_configured"))
        return None
    return _password_user(role, encoded)


def require_editor() -> str | None:
    """The signed-in user allowed to import and roll back, or None (a sign-in form is shown)."""
    return _require("editor")


def require_viewer() -> None:
    """Stop the script unless viewing is open or the visitor has signed in."""
    if os.environ.get("ATLAS_REQUIRE_LOGIN_TO_VIEW") == "1" and _require("viewer") is None:
        st.stop()
