"""The unsubscribe link of every non-security email: `/unsubscribe?token=...`, no sign-in.

The token (app/notifications.py) names a member, a tenant and a kind of notice, signed with HMAC-SHA256
under UNSUBSCRIBE_SECRET; a token that does not verify changes nothing (400). GET shows a page with one
button; POST records the opt-out (`private.unsubscribe`): the member's email for that kind is turned
off. A GET never unsubscribes, because mail scanners and link previews fetch the links in mail (RFC
8058's reason for one-click POST); mail clients that honour `List-Unsubscribe-Post:
List-Unsubscribe=One-Click` POST to the same URL themselves.
"""

from __future__ import annotations

import orjson
from sanic import Blueprint, Request
from sanic.response import HTTPResponse

from app.errors import ApiError
from app.notifications import TEMPLATES, read_unsubscribe_token

bp = Blueprint("unsubscribe")


def _page(request: Request, status: int, **context) -> HTTPResponse:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = getattr(request.app.ctx, "unsubscribe_env", None)
    if env is None:
        env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(("html",)))
        request.app.ctx.unsubscribe_env = env
    body = env.get_template("unsubscribe.html").render(**context)
    return HTTPResponse(body, status=status, content_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})


def _token(request: Request) -> str:
    token = request.args.get("token")
    if not token and request.method == "POST" and request.form:
        token = request.form.get("token")
    return token or ""


@bp.route("/unsubscribe", methods=["GET", "POST"], name="unsubscribe")
async def unsubscribe(request: Request) -> HTTPResponse:
    token = _token(request)
    target = read_unsubscribe_token(request.app.ctx.config.unsubscribe_secret(), token)
    if target is None:
        return _page(request, 400, state="invalid")
    tenant_id, user_id, kind = target
    apply = request.method == "POST"
    try:
        text = await request.app.ctx.db.call_internal(
            "select private.unsubscribe(%s::uuid, %s::uuid, %s, %s)::text", (tenant_id, user_id, kind, apply))
    except ApiError as exc:
        return _page(request, exc.status, state="refused", message=exc.message)
    return _page(request, 200, state="done" if apply else "confirm", token=token, **orjson.loads(text))
